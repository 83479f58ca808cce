import Glibc

/// Who may drive the server: only the user running it (Delve's `--only-same-user`, on by
/// default here), and on a loopback listener only peers whose address is loopback.
///
/// The address check is not implied by the listener's: a socket bound to another address of
/// this machine (192.0.2.2, say) can connect to 127.0.0.1, and a host that routes to it
/// (route_localnet) reaches it from outside; neither is a loopback peer.
struct PeerPolicy: Sendable {
    let listen: ListenAddress

    /// nil when the peer may connect; otherwise who it is, for the log.
    func refusal(of client: Int32) -> String? {
        let me = getuid()
        switch listen {
        case .unix:
            guard let uid = PeerCredentials.unixPeerUID(client) else { return "a unix peer of unknown uid" }
            return uid == me ? nil : "uid \(uid)"
        case .tcp:
            guard let peer = PeerAddress.peer(of: client), let local = PeerAddress.local(of: client) else {
                return "a peer of unknown address"
            }
            if listen.isLoopback && !peer.isLoopback { return "\(peer) (not a loopback address)" }
            let owner: uid_t
            switch PeerCredentials.localPeerUID(peer: peer, server: local) {
            case .owner(let uid): owner = uid
            case .notFound:
                // Not in this machine's tables: a remote peer, allowed only on a non-loopback listener.
                return listen.isLoopback ? "\(peer) (owner unknown)" : nil
            case .unreadable(let reason):
                return "\(peer) (its owner cannot be checked: \(reason))"
            }
            return owner == me ? nil : "\(peer) (uid \(owner))"
        }
    }
}
