extension API {
    /// Delve's `api.Image`: a shared library loaded in the program.
    public struct Image: Codable, Sendable, Hashable {
        public var path: String
        /// Where it was loaded: its load bias (Delve's StaticBase).
        public var address: UInt64
        /// Why its symbols could not be read ("" when they were).
        public var loadError: String

        enum CodingKeys: String, CodingKey {
            case path = "Path", address = "Address", loadError = "LoadError"
        }

        public init(path: String, address: UInt64, loadError: String = "") {
            self.path = path
            self.address = address
            self.loadError = loadError
        }
    }
}
