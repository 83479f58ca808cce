import Glibc

/// A detached pthread for blocking socket work (accept, recv), so the cooperative pool
/// (two threads on these machines) never waits on a network peer.
enum ServerThread {
    static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
            return nil
        }, box)
        if created == 0 {
            pthread_detach(thread)
        } else {
            // No thread to be had: run it on a task rather than never (it blocks one pool thread).
            let body = Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body
            Task.detached { body() }
        }
    }

    private final class Box: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
