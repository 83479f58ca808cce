import Foundation
import Testing

/// Only the user who runs the server may drive it (Delve's --only-same-user): a loopback peer
/// of another user is cut off before it is answered.
@Suite(.serialized) struct SameUserTests {
    static let canSwitchUser = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

    @Test(.enabled(if: canSwitchUser, "needs root, setpriv and /usr/bin/python3 to play another user"))
    func anotherUsersConnectionIsRefused() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary])
        defer { server.stop() }
        let probe = """
            import socket, json
            s = socket.create_connection(("127.0.0.1", \(server.port)))
            s.settimeout(10)
            s.sendall(json.dumps({"method": "RPCServer.ProcessPid", "params": [{}], "id": 1}).encode())
            try:
                print("answered" if s.recv(1000) else "closed")
            except ConnectionResetError:
                print("closed")
            """
        let asNobody = try ProcessRunner.run(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", probe])
        #expect(asNobody.text.trimmingCharacters(in: .whitespacesAndNewlines) == "closed", "\(asNobody.text)")
        // The owner is still served.
        let owner = try RPCTestClient(port: server.port)
        #expect((try await owner.call("ProcessPid"))["Pid"] as? Int ?? 0 > 0)
        _ = try await owner.call("Detach", ["Kill": true])
    }
}
