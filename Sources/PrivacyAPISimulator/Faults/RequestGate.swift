import Synchronization

/// Lets the first N GraphQL requests through, then holds every further one until ``open()``.
///
/// For tests that must stop a client part-way without a race: with the gate shut, the client cannot get
/// past N answers however fast it runs, and ``held`` is the positive signal that it is blocked there.
/// A held request proceeds when the gate opens, even if its client is gone — as a request whose answer was
/// lost does on the real API.
public final class RequestGate: Sendable {
    private struct State {
        var passed = 0
        var isOpen = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let limit: Int
    private let state = Mutex(State())

    /// A gate that lets `limit` requests through before it holds the rest.
    public init(passing limit: Int) {
        self.limit = limit
    }

    /// How many requests are held now.
    public var held: Int { state.withLock { $0.waiting.count } }

    /// Lets the request through, or holds it until the gate opens.
    func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let through = state.withLock { state -> Bool in
                if state.isOpen || state.passed < limit {
                    state.passed += 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if through { continuation.resume() }
        }
    }

    /// Releases every held request and lets all later ones through.
    public func open() {
        let released = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in released { continuation.resume() }
    }
}
