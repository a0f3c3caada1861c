import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SimulatorConfiguration {
    /// Whether `host` is a loopback address (`localhost`, 127.0.0.0/8 or `::1`), reachable from this machine only.
    ///
    /// The simulator answers with every shopper's email it holds; on any other interface, anyone on the
    /// network can ask, so the command warns.
    public var bindsLoopbackOnly: Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        var address = in_addr()
        return inet_pton(AF_INET, bare, &address) == 1 && UInt32(bigEndian: address.s_addr) >> 24 == 127
    }
}
