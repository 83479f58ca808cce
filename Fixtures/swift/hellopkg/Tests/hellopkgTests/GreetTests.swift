// What `dbg test` debugs in a Swift package: the package's test bundle, here one XCTest
// case calling the executable target's greet(_:).
import XCTest
@testable import hellopkg

final class GreetTests: XCTestCase {
    func testGreetCountsItsMessage() {
        XCTAssertEqual(greet("tests"), 13)  // "Hello, tests!"
    }
}
