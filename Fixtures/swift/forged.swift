// forged.swift — task objects that lie, for dbg's `tasks` to survive.
//
// The concurrency runtime keeps no list of tasks: a debugger finds them by their first word,
// the task metadata. This program copies a real task's header into memory of its own and
// makes it lie: a forged task whose resume function and context point into unmapped memory
// (id 900001), one whose context chain loops onto itself (id 900002), and one whose status
// says it runs while no thread runs it (id 900003). One real task sleeps meanwhile.
//
// Good breakpoint: the line marked "look here" in inspect(forgeries:). Prints "forged 3";
// exits 0. Built with -parse-as-library because of @main.

import Glibc

/// A copy of the header of the task running this code, with `edit` applied to its words.
func forge(id: UInt32, _ edit: (UnsafeMutablePointer<UInt64>) -> Void) -> UnsafeMutableRawPointer {
    let size = 0x200
    let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    withUnsafeCurrentTask { task in
        guard let task else { return }
        let header = unsafeBitCast(task, to: UnsafeRawPointer.self)
        memory.copyMemory(from: header, byteCount: 0xd0)
    }
    let words = memory.assumingMemoryBound(to: UInt64.self)
    // The id's low half at 0x24, high half at 0x90; not running, not complete.
    memory.storeBytes(of: id, toByteOffset: 0x24, as: UInt32.self)
    memory.storeBytes(of: 0, toByteOffset: 0x90, as: UInt32.self)
    words[0x60 / 8] = 0
    words[0x68 / 8] = 0
    edit(words)
    return memory
}

func inspect(forgeries: [UnsafeMutableRawPointer]) -> Int {
    let count = forgeries.count      // look here
    return count
}

@main
struct Main {
    static func main() async {
        let sleeper = Task { try? await Task.sleep(nanoseconds: 3_600_000_000_000) }
        try? await Task.sleep(nanoseconds: 50_000_000)
        let unmapped: UInt64 = 0xdead_0000_0000
        let forgeries = [
            forge(id: 900001) { words in
                words[0x38 / 8] = unmapped         // ResumeTask
                words[0x40 / 8] = unmapped         // ResumeContext
            },
            forge(id: 900002) { words in
                // A context whose Parent is itself and whose ResumeParent is this code's.
                let context = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)
                context[0] = UInt64(UInt(bitPattern: context))
                context[1] = words[0x38 / 8]
                words[0x40 / 8] = UInt64(UInt(bitPattern: context))
            },
            forge(id: 900003) { words in
                words[0x60 / 8] = 0x800            // says it runs
            },
        ]
        print("forged \(inspect(forgeries: forgeries))")
        sleeper.cancel()
        _ = await sleeper.value
    }
}
