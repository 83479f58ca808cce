/// A subtree of DIEs in preorder, with parent, child and sibling links: compact, and free of
/// libdwarf memory.
public struct DIETree: Sendable {
    public private(set) var entries: [DIEData] = []
    private var parents: [Int32] = []
    private var firstChildren: [Int32] = []
    private var nextSiblings: [Int32] = []
    private var lastChildren: [Int32] = []
    private var indexByOffset: [DIEOffset: Int32] = [:]

    public init() {}

    init(single entry: DIEData) {
        _ = append(entry, parent: nil)
    }

    mutating func append(_ entry: DIEData, parent: Int?) -> Int {
        let index = Int32(entries.count)
        entries.append(entry)
        parents.append(Int32(parent ?? -1))
        firstChildren.append(-1)
        nextSiblings.append(-1)
        lastChildren.append(-1)
        indexByOffset[entry.offset] = index
        if let parent {
            let previous = lastChildren[parent]
            if previous < 0 { firstChildren[parent] = index } else { nextSiblings[Int(previous)] = index }
            lastChildren[parent] = index
        }
        return Int(index)
    }

    public var isEmpty: Bool { entries.isEmpty }
    public func index(of offset: DIEOffset) -> Int? { indexByOffset[offset].map(Int.init) }
    public subscript(offset: DIEOffset) -> DIEData? { index(of: offset).map { entries[$0] } }

    public func parent(of index: Int) -> Int? {
        let parent = parents[index]
        return parent < 0 ? nil : Int(parent)
    }

    /// Direct children of the entry at `index`, in order.
    public func children(of index: Int) -> [Int] {
        var result: [Int] = []
        var child = firstChildren[index]
        while child >= 0 {
            result.append(Int(child))
            child = nextSiblings[Int(child)]
        }
        return result
    }
}
