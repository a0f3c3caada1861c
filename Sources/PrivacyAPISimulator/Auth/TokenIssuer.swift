import Crypto
import Foundation

/// Issues and checks OAuth client-credentials tokens; lock-guarded because every request reads it.
final class TokenIssuer: Sendable {
    private let grants = Locked<[String: AccessGrant]>([:])
    private let credentials: SimulatorCredentials
    private let ttl: Double
    private let clock: any SimulatorClock

    init(credentials: SimulatorCredentials, ttl: Double, clock: any SimulatorClock) {
        self.credentials = credentials
        self.ttl = ttl
        self.clock = clock
    }

    /// A token for valid credentials, or nil; the no-scope client id shares the secret.
    func issue(clientID: String, clientSecret: String) -> (token: String, expiresIn: Int)? {
        guard clientSecret == credentials.clientSecret,
            clientID == credentials.clientID || clientID == credentials.noScopeClientID
        else { return nil }
        let token =
            "Atza|sim-"
            + SymmetricKey(size: .bits256).withUnsafeBytes { bytes in
                bytes.map { String(format: "%02x", $0) }.joined()
            }
        let now = clock.now()
        grants.withLock { table in
            // Forget expired grants here so the table cannot grow without bound in long runs.
            if table.count > 10_000 { table = table.filter { $0.value.expiresAt > now } }
            table[token] = AccessGrant(
                clientID: clientID, hasPrivacyScope: clientID == credentials.clientID,
                expiresAt: now.addingTimeInterval(ttl))
        }
        return (token, Int(ttl.rounded()))
    }

    /// The grant behind a live token.
    func grant(for token: String) -> AccessGrant? {
        let now = clock.now()
        return grants.withLock { table in
            guard let grant = table[token], grant.expiresAt > now else { return nil }
            return grant
        }
    }
}
