import Foundation
import Testing
import DbgService
@testable import DbgServer

/// The wire boundary: an error's kind recovered from the text Delve or dbg's server sent,
/// and the typed stop reason carried beside its words.
@Suite struct WireErrorKindTests {
    @Test func delvesExitCarriesItsNumbers() {
        let error = ServiceError(wireMessage: "Process 1234 has exited with status 3")
        #expect(error.kind == .exited)
        #expect(error.processExit == ServiceError.ProcessExit(pid: 1234, status: 3))
    }

    @Test func knownMessagesOfBothServers() {
        #expect(ServiceError(wireMessage: "Breakpoint exists at main.go:12 at 49a2b0").kind == .alreadyExists)
        #expect(ServiceError(wireMessage: "no breakpoint with id 3").kind == .notFound)
        #expect(ServiceError(wireMessage: "function realloc is in a library not loaded yet").kind == .notLoaded)
        #expect(ServiceError(wireMessage: ServiceError.exited.message).kind == .exited)
        #expect(ServiceError(wireMessage: ServiceError.exited.message).processExit == nil)
        #expect(ServiceError(wireMessage: ServiceError.running.message).kind == .running)
        #expect(ServiceError(wireMessage: "could not find symbol value for x").kind == .failed)
    }

    @Test func stopReasonTravelsTypedAndInWords() throws {
        let state = API.DebuggerState(pid: 7, reason: .signal(name: "SIGSEGV", number: 11, text: "SIGSEGV: segmentation fault"))
        let json = try JSONEncoder().encode(state)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["stopReason"] as? String == "received SIGSEGV: segmentation fault")
        let decoded = try JSONDecoder().decode(API.DebuggerState.self, from: json)
        #expect(decoded.reason == state.reason)
        #expect(decoded.stopReason == state.stopReason)
    }
}
