/// How much of a value to read before showing it, as Delve's `LoadConfig`: strings,
/// arrays and struct fields are cut at these limits, nested values below a depth are
/// shown by address only. Reading a big value never reads all of it.
public struct LoadConfig: Sendable, Hashable {
    /// Follow pointers and load what they point to (at the same depth, as Delve does).
    public var followPointers: Bool
    /// How many levels of nested structs (and maps, interfaces) to load below the value.
    public var maxVariableRecurse: Int
    /// Bytes of a string to read.
    public var maxStringLength: Int
    /// Elements of an array or slice (entries of a map) to read.
    public var maxArrayValues: Int
    /// Fields of a struct to read; -1 reads all.
    public var maxStructFields: Int

    public init(
        followPointers: Bool = true, maxVariableRecurse: Int = 1, maxStringLength: Int = 64,
        maxArrayValues: Int = 64, maxStructFields: Int = -1
    ) {
        self.followPointers = followPointers
        self.maxVariableRecurse = maxVariableRecurse
        self.maxStringLength = maxStringLength
        self.maxArrayValues = maxArrayValues
        self.maxStructFields = maxStructFields
    }

    /// Delve's defaults for `print`.
    public static let `default` = LoadConfig()
    /// Delve's `ShortLoadConfig`: what its `trace` loads for arguments and results.
    public static let short = LoadConfig(
        followPointers: false, maxVariableRecurse: 0, maxStringLength: 64, maxArrayValues: 0, maxStructFields: 3)
    /// One level, no pointers: what Delve loads for a value it only lists.
    public static let singleValue = LoadConfig(
        followPointers: false, maxVariableRecurse: 0, maxStringLength: 64, maxArrayValues: 0, maxStructFields: 0)
}
