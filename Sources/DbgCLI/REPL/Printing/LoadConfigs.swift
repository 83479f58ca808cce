import DbgService

/// Delve's two load configurations: `print` and `-v` read values fully (within the
/// configured limits); `locals`, `args` and tracepoints read a short form.
enum LoadConfigs {
    static let long = API.LoadConfig(followPointers: true, maxVariableRecurse: 1, maxStringLen: 64, maxArrayValues: 64, maxStructFields: -1)
    static let short = API.LoadConfig(followPointers: false, maxVariableRecurse: 0, maxStringLen: 64, maxArrayValues: 0, maxStructFields: 3)
}
