import DbgService
import Glibc
import Synchronization

/// The launched program's standard output and error, as DAP `output` events: each stream is
/// a pipe the program writes to and a thread of ours reads, so the program never waits on
/// the client (a pipe holds 64 KiB; past that the program's writes wait for our reads, as they
/// would on a terminal).
final class DAPProgramOutput: Sendable {
    private struct Stream {
        let category: String
        let readEnd: Int32
        let writeEnd: Int32
    }

    private let streams: [Stream]
    /// Streams whose writers have all gone (end of file read).
    private let ended = Mutex(0)
    private let writeEndsClosed = Mutex(false)

    /// Nil when the pipes cannot be made (out of descriptors): the program then writes where
    /// dbg does.
    init?() {
        var made: [Stream] = []
        for category in ["stdout", "stderr"] {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                for stream in made {
                    close(stream.readEnd)
                    close(stream.writeEnd)
                }
                return nil
            }
            // Other programs dbg starts (a build, a second launch) must not inherit them.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            made.append(Stream(category: category, readEnd: fds[0], writeEnd: fds[1]))
        }
        streams = made
    }

    var standardOutput: API.LaunchRequest.Stream { .descriptor(streams[0].writeEnd) }
    var standardError: API.LaunchRequest.Stream { .descriptor(streams[1].writeEnd) }

    /// Starts reading: each chunk the program writes becomes an output event.
    func start(sending writer: DAPWriter) {
        for stream in streams {
            ServerThread.start { [self] in pump(stream, to: writer) }
        }
    }

    /// Once the program has them (it is started): the pipes end when the program's copies close.
    func closeWriteEnds() {
        let first = writeEndsClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        for stream in streams { close(stream.writeEnd) }
    }

    /// Waits until the program's last output has been sent (both pipes at their end), for at
    /// most `seconds`: a child the program left running may hold the pipes open for ever.
    func waitForEnd(seconds: Double) async {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ended.withLock({ $0 }) < streams.count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    private func pump(_ stream: Stream, to writer: DAPWriter) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var pending: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(stream.readEnd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending += buffer[0..<count]
            let whole = Self.completeUTF8Prefix(pending)
            guard whole > 0 else { continue }
            writer.event("output", body: ["category": .string(stream.category), "output": .string(String(decoding: pending[0..<whole], as: UTF8.self))])
            pending.removeFirst(whole)
        }
        if !pending.isEmpty {
            writer.event("output", body: ["category": .string(stream.category), "output": .string(String(decoding: pending, as: UTF8.self))])
        }
        close(stream.readEnd)
        ended.withLock { $0 += 1 }
    }

    /// How many leading bytes end on a character boundary: a UTF-8 sequence cut by a read
    /// waits for its rest instead of becoming U+FFFD.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        var continuation = 0
        while index > 0, continuation < 3, bytes[index - 1] & 0xC0 == 0x80 {
            index -= 1
            continuation += 1
        }
        guard index > 0 else { return bytes.count }
        let lead = bytes[index - 1]
        let length = lead & 0xE0 == 0xC0 ? 2 : lead & 0xF0 == 0xE0 ? 3 : lead & 0xF8 == 0xF0 ? 4 : 1
        // A lead byte whose sequence is not complete yet: keep it and what follows.
        return length > 1 && continuation + 1 < length ? index - 1 : bytes.count
    }
}
