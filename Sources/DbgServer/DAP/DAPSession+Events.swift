import DbgService

/// What the debugger tells without being asked (`DebuggerClient.events`), turned into DAP
/// events: a pending breakpoint set when its library loads, whoever's run loaded it.
extension DAPSession {
    /// Follows `client`'s events from now on, in place of the last debugger's (a restart or a
    /// new attach brings another one).
    func followEvents(of client: (any DebuggerClient)?) {
        eventFollower?.cancel()
        eventFollower = nil
        guard let client else { return }
        // Subscribed here, before any run, so that no event falls between.
        let events = client.events
        eventFollower = Task { [weak self] in
            for await event in events {
                await self?.note(event)
            }
        }
    }

    private func note(_ event: API.Event) {
        switch event {
        case .breakpointChanged(let breakpoint, change: .changed):
            announceResolved(breakpoint)
        case .breakpointChanged, .stopped, .exited:
            // Created and removed ones are this client's own; stops and the end come as the
            // replies of the runs this session starts.
            break
        }
    }
}
