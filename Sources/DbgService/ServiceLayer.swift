// DbgService: API types (Delve v2 shapes) and the DebuggerService facade; only these
// types cross into the CLI and the server.
import DbgEngine

public enum DbgServiceLayer {
    public static let name = "DbgService"
}
