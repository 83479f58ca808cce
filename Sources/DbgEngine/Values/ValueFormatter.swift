/// Loads and prints a value in one step: what `print`, `display` and `locals` show.
///
/// Per language: the loader knows what each language's values are (C strings and
/// characters, enum flag sets; Go strings, slices, and next maps and interfaces) and names
/// types the language's way; the printer lays values out with Delve's rules, which suit
/// both.
public struct ValueFormatter: Sendable {
    public var config: LoadConfig
    public var printer: ValuePrinter

    public init(config: LoadConfig = .default, printer: ValuePrinter = ValuePrinter()) {
        self.config = config
        self.printer = printer
    }

    public func format(_ value: Value) -> String {
        printer.print(ValueLoader(config: config).load(value))
    }

    public func load(_ value: Value) -> LoadedValue {
        ValueLoader(config: config).load(value)
    }
}
