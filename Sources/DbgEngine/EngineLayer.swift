// DbgEngine: where symbols and processes meet (targets, breakpoints, stepping,
// unwinding, values, runtimes, tracing). Filled in by the execution-engine issue.
import DbgSymbols
import DbgProcess

public enum DbgEngineLayer {
    public static let name = "DbgEngine"
}
