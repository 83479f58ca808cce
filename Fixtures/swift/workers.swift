// workers.swift — Swift tasks parked in every way a task waits, for `tasks`, `task N` and
// async stacks.
//
// By construction, when the program calls checkpoint(parked:):
//   - the main task runs checkpoint, called from Main.main;
//   - an `async let` child, a detached task and a plain Task ("worker") each wait on a
//     continuation in waitForSignal(_:), named "first", "detached" and "worker";
//   - a Task ("watcher") waits on the worker's value (waiting on that task);
//   - a Task ("sleepers") waits on its task group, whose three children sleep in
//     Task.sleep until they are cancelled;
//   - an actor (Ledger) has recorded who arrived.
// Then everything is released: continuations resumed, sleepers cancelled. Prints the ledger
// and the results; exits 0. Built with -parse-as-library because of @main.

import Glibc

actor Ledger {
    private(set) var arrivals: [String] = []
    func record(_ name: String) { arrivals.append(name) }
    var count: Int { arrivals.count }
}

/// Continuations parked by waitForSignal, resumed all at once by releaseAll.
final class Signals: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLockLike()
    private var waiting: [CheckedContinuation<String, Never>] = []

    var count: Int { lock.withLock { waiting.count } }

    func park(_ continuation: CheckedContinuation<String, Never>) {
        lock.withLock { waiting.append(continuation) }
    }

    func releaseAll() {
        let all = lock.withLock { () -> [CheckedContinuation<String, Never>] in
            defer { waiting = [] }
            return waiting
        }
        for continuation in all { continuation.resume(returning: "released") }
    }
}

/// A mutex from the C library (no Foundation in this fixture).
final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}

let ledger = Ledger()
let signals = Signals()

func waitForSignal(_ name: String) async -> String {
    await ledger.record(name)
    let answer = await withCheckedContinuation { continuation in   // parked here
        signals.park(continuation)
    }
    return name + " " + answer
}

func sleepUntilCancelled(_ number: Int) async -> Int {
    await ledger.record("sleeper \(number)")
    try? await Task.sleep(nanoseconds: 3_600_000_000_000)      // sleepers wait here
    return number
}

/// Where the test stops: every other task is parked by now.
func checkpoint(parked: Int) -> Int {
    let seen = parked * 10        // break here
    return seen
}

@main
struct Main {
    static func main() async {
        async let first = waitForSignal("first")
        let detached = Task.detached { await waitForSignal("detached") }
        let worker = Task { await waitForSignal("worker") }
        let watcher = Task { await worker.value.count }   // the watcher waits here
        let sleepers = Task {
            await withTaskGroup(of: Int.self) { group in
                for number in 1...3 {
                    group.addTask { await sleepUntilCancelled(number) }
                }
                var sum = 0
                for await number in group { sum += number }   // sleepers' group waits here
                return sum
            }
        }
        // Wait until the three continuations are parked and the three sleepers have arrived,
        // and a little more for every task to finish suspending.
        while true {
            let arrived = await ledger.count
            if signals.count >= 3 && arrived >= 6 { break }
            try? await Task.sleep(nanoseconds: 1_000_000)
        }
        try? await Task.sleep(nanoseconds: 200_000_000)
        let seen = checkpoint(parked: signals.count)   // the main task calls checkpoint here
        signals.releaseAll()
        sleepers.cancel()
        print("checkpoint saw \(seen)")
        print("first: \(await first)")
        print("detached: \(await detached.value)")
        print("watcher: \(await watcher.value)")
        print("sleepers: \(await sleepers.value)")
        print("arrivals: \(await ledger.arrivals.sorted())")
    }
}
