/// Delve writes a stop's function as a call, `main.main()`; a name that already ends with its
/// parameter list (Swift's `values.inspect(point:pet:)`, C++'s `geo::area(int)`) is left alone.
/// Delve's own `(multiple functions)` gets its `()` as Delve writes it.
enum FunctionCallText {
    static func emptyArguments(after function: String) -> String {
        function.hasSuffix(")") && !function.hasPrefix("(") ? "" : "()"
    }
}
