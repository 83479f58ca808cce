extension API {
    /// Not in Delve's API: the data a watchpoint on an expression would watch.
    public struct WatchLocation: Codable, Sendable, Hashable {
        public var address: UInt64
        /// In bytes.
        public var size: Int

        public init(address: UInt64, size: Int) {
            self.address = address
            self.size = size
        }
    }
}
