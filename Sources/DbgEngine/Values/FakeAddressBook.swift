import DbgSymbols
import Synchronization

/// The addresses Delve gives Go variables held in registers (its "fake addresses"), which it
/// prints where it prints a value's address: an interface in registers that holds a pointer
/// shows the address of its data word, `0xbeef000000000108`.
///
/// Delve gives one to each variable whose location is registers or pieces the first time a
/// frame's variables are read at a stop, in the order the DWARF lists them: the first at
/// 0xbeef000000000000, each next one at the first 0x100 boundary past the bytes of the one
/// before. The same location (the frame's CFA and the location expression) keeps its
/// address until the program runs again, when all are forgotten.
public final class FakeAddressBook: Sendable {
    static let base: UInt64 = 0xbeef_0000_0000_0000
    static let alignment: UInt64 = 0x100

    struct Key: Hashable {
        var cfa: UInt64
        var operations: [DwarfOperation]
    }

    /// A frame whose variables have their addresses: its CFA and pc.
    struct Frame: Hashable {
        var cfa: UInt64
        var pc: UInt64
    }

    private struct Book {
        var addresses: [Key: UInt64] = [:]
        var framesDone: Set<Frame> = []
        var next = FakeAddressBook.base
    }

    private let book = Mutex(Book())

    public init() {}

    /// The address of the `size` bytes a location expression describes in the frame at
    /// `cfa`; without a CFA, a new address each time (as Delve, which then has no key).
    func address(cfa: UInt64?, operations: [DwarfOperation], size: Int) -> UInt64 {
        book.withLock { book in
            let key = cfa.map { Key(cfa: $0, operations: operations) }
            if let key, let known = book.addresses[key] { return known }
            let address = book.next
            let end = address &+ UInt64(max(size, 0))
            book.next = (end &+ Self.alignment &- 1) / Self.alignment &* Self.alignment
            if let key { book.addresses[key] = address }
            return address
        }
    }

    /// Marks a frame's variables as given their addresses; false when they already were.
    func beginFrame(cfa: UInt64, pc: UInt64) -> Bool {
        book.withLock { $0.framesDone.insert(Frame(cfa: cfa, pc: pc)).inserted }
    }

    /// The program runs: registers change, every address is given anew.
    public func forgetAll() {
        book.withLock { $0 = Book() }
    }
}
