extension CoreProcess {
    /// A warning when a mapped file (the executable, a library) is not the one the core was
    /// taken with: the build id in its mapping's first page (kept in the core) differs from
    /// the file's on disk. Nil when they match or when either has none to compare.
    static func buildIDMismatch(core: CoreFile, file: String, mappings: [CoreMappedFile], descriptor: Int32?) -> String? {
        guard let descriptor, let first = mappings.first(where: { $0.path == file && $0.fileOffset == 0 }) else { return nil }
        let recorded = ELFBuildID.read { offset, count in
            let (address, overflow) = first.start.addingReportingOverflow(offset)
            return overflow ? [] : core.dumpedBytes(at: address, count: count)
        }
        let actual = ELFBuildID.read { offset, count in CoreFile.bytes(descriptor, at: offset, count: count) }
        guard let recorded, let actual, recorded.owner == actual.owner, recorded != actual else { return nil }
        return "\(file) does not match the core: its build id is \(actual), the core's copy had \(recorded)"
    }
}
