extension SwiftTypeName {
    /// The type as the Swift demangler prints it with its sugar, as `swift demangle` does:
    /// `[Swift.Int]`, `Swift.Int?`, `[Swift.String : Swift.Int]`, `(Swift.Int) -> Swift.Int`,
    /// `values.Stack<Swift.String>`, `A` for the first generic parameter.
    public var demangledDescription: String {
        SwiftTypeNamePrinter(usesSugar: true, namesStandardLibraryModule: true).text(of: self)
    }

    /// The type as the runtime's `swift_demangle` prints it (`SwiftDemangler.demangle`), which
    /// spells generic types out: `Swift.Array<Swift.Int>`, `Swift.Optional<Swift.Int>`.
    public var unsugaredDemangledDescription: String {
        SwiftTypeNamePrinter(usesSugar: false, namesStandardLibraryModule: true).text(of: self)
    }

    /// The type as LLDB shows it: the sugared form without the standard library's module name
    /// (`[Int]`, `String?`, `[String : Int]`, `values.Stack<String>`).
    public var displayName: String {
        SwiftTypeNamePrinter(usesSugar: true, namesStandardLibraryModule: false).text(of: self)
    }
}
