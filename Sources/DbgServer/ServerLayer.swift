// DbgServer: listeners and the JSON-RPC / DAP codecs. Filled in by the server issue.
import DbgService

public enum DbgServerLayer {
    public static let name = "DbgServer"
}
