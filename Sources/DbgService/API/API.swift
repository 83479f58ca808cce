/// The types that cross the service boundary, shaped as Delve's `service/api` types
/// (JSON field names included) so the JSON-RPC server can send them as they are and
/// Delve's own clients understand them. Engine types never leave DbgService.
public enum API {}
