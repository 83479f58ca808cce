extension API {
    /// Delve's `api.Register`: one CPU register of a thread or frame, its value formatted as
    /// Delve's `regs` prints it (`0x000000000040113a`, `0x0000000000000246\t[PF ZF IF IOPL=0]`).
    public struct Register: Codable, Sendable, Hashable {
        /// Delve's name: `Rip`, `Rflags`, `Fs_base`, `XMM0`, `ST(0)`.
        public var name: String
        public var value: String
        /// The DWARF register number (-1 for one that has none).
        public var dwarfNumber: Int

        enum CodingKeys: String, CodingKey {
            case name = "Name", value = "Value", dwarfNumber = "DwarfNumber"
        }

        public init(name: String, value: String, dwarfNumber: Int) {
            self.name = name
            self.value = value
            self.dwarfNumber = dwarfNumber
        }
    }
}
