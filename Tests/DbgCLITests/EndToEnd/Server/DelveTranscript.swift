import Foundation

/// Delve's own replies, recorded from `dlv --headless` (Fixtures/rpc): the reference shapes.
struct DelveTranscript {
    struct Exchange {
        var method: String
        var commandName: String?
        /// The request's params as sent (`[ARGS]`), to replay it.
        var params: Any
        var reply: JSONShape
    }

    var exchanges: [Exchange]

    init(_ name: String) throws {
        let path = DelveOracle.repositoryRoot + "/Fixtures/rpc/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        exchanges = try text.split(separator: "\n").map { line in
            let data = Data(line.utf8)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            let request = object["request"] as? [String: Any] ?? [:]
            let params = (request["params"] as? [Any])?.first as? [String: Any]
            guard let reply = try JSONShape.parse(data)["reply"] else { throw DelveOracle.Failure(description: "no reply in \(line)") }
            return Exchange(
                method: String((request["method"] as? String ?? "").dropFirst("RPCServer.".count)),
                commandName: params?["name"] as? String, params: params ?? [String: Any](), reply: reply)
        }
    }

    /// Delve's first successful reply to `method` (to `Command` with that `name`).
    func reply(to method: String, command: String? = nil) -> JSONShape? {
        exchanges.first { exchange in
            exchange.method == method && (command == nil || exchange.commandName == command)
                && exchange.reply["error"] == .null
        }?.reply
    }
}
