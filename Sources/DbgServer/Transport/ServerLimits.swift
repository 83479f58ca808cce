/// What one client may cost the server. Delve has none of these: a peer that sends without
/// end, never reads, or opens connections without end grows it until the machine says no.
/// Each limit is far above what a real client needs (the largest request any client sends
/// is a few KiB; replies are read as they come).
enum ServerLimits {
    /// The longest request: a longer one gets an error reply and its connection is closed.
    static let requestBytes = 4 << 20
    /// Requests of one connection being answered at once; past it the connection is not read
    /// until one finishes (the peer's sends block: backpressure, not an error).
    static let requestsInFlight = 64
    /// Replies a peer may leave unread; past it the peer is dropped (one reply larger than this
    /// is still sent when nothing else is queued).
    static let unreadReplyBytes = 16 << 20
    /// Clients connected at once with --accept-multiclient; more are refused (and logged).
    static let clients = 64
}
