import DbgFormat
@testable import DbgEngine
@testable import DbgService

/// Engine values as dbg shows them: loaded, turned into the API's `Variable` as
/// `LocalDebugger` does, and printed by DbgFormat (the engine returns values, not text).
struct ValueText {
    enum Layout {
        /// `locals`, `args`, a trace's values (Delve's `SinglelineString`).
        case singleLine
        /// `print` (Delve's `MultilineString`).
        case multiLine
    }

    var config: LoadConfig = .default
    var layout: Layout = .multiLine

    func format(_ value: Value) -> String {
        print(ValueLoader(config: config).load(value))
    }

    func print(_ loaded: LoadedValue) -> String {
        let variable = LocalDebugger.apiVariable(loaded)
        return layout == .singleLine ? VariableFormatter.singleLine(variable) : VariableFormatter.multiLine(variable)
    }
}
