import DbgTestSupport
import Foundation
import Testing

/// A data breakpoint on a Go package variable, from the Globals scope an editor shows with
/// `showGlobalVariables` (Fixtures/go/watched). dlv dap 1.20 has no data breakpoints, so no
/// oracle: the stop is checked against the program (bump sets counter to i+1).
@Suite(.serialized) struct GoDataBreakpointTests {
    @Test func aPackageVariableIsWatchedFromTheGlobalsScope() async throws {
        let program = try Fixtures.binary("go/watched")
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let client = try server.connect()
        try await client.request("initialize", ["clientID": "dbg-tests", "adapterID": "go", "linesStartAt1": true, "pathFormat": "path"])
        try await client.request("launch", ["program": .string(program), "mode": "exec", "showGlobalVariables": true])
        try await client.waitForEvent("initialized")
        try await client.request("setFunctionBreakpoints", ["breakpoints": [["name": "main.main"]]])
        try await client.request("configurationDone", [:])
        let thread = try await client.waitForEvent("stopped")["body"]["threadId"]
        let frame = try await client.request("stackTrace", ["threadId": thread, "levels": 1])["body"]["stackFrames"][0]["id"]
        let scopes = try await client.request("scopes", ["frameId": frame])["body"]["scopes"].array ?? []
        let globals = scopes.first { $0["name"].string == "Globals (package main)" }?["variablesReference"] ?? .null
        let info = try await client.request("dataBreakpointInfo", ["name": "counter", "variablesReference": globals])["body"]
        #expect(info["description"].string?.hasPrefix("main.counter (8 bytes at 0x") == true, "\(info.text)")
        #expect(info["canPersist"].bool == true, "a package variable's dataId needs no frame")
        try await client.request("setFunctionBreakpoints", ["breakpoints": []])
        let set = try await client.request("setDataBreakpoints", ["breakpoints": [
            ["dataId": info["dataId"], "accessType": "write", "condition": "main.counter == 3"],
        ]])["body"]["breakpoints"][0]
        #expect(set["verified"].bool == true, "\(set.text)")
        try await client.request("continue", ["threadId": thread])
        let stop = try await client.waitForEvent("stopped")["body"]
        #expect(stop["reason"].string == "data breakpoint" && stop["hitBreakpointIds"] == [set["id"]], "\(stop.text)")
        #expect(stop["text"].string == "Old value = 2\nNew value = 3", "\(stop.text)")
        let top = try await client.request("stackTrace", ["threadId": stop["threadId"], "levels": 1])["body"]["stackFrames"][0]
        #expect(top["name"].string == "main.bump" && top["line"].int == 19, "\(top.text)")
        let value = try await client.request("evaluate", ["expression": "main.counter", "frameId": top["id"], "context": "watch"])
        #expect(value["body"]["result"].string == "3")
        try await client.request("continue", ["threadId": thread])
        try await client.waitForEvent("terminated")
        try await client.request("disconnect", [:])
        await client.close()
    }
}
