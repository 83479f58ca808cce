import DbgEngine
import DbgProcess
import DbgSymbols

/// `dbg trace` behind the service boundary: opens the binary, plans the probes, picks a
/// backend (telling `notice` what it leaves out) and runs it on the calling thread (which must not be one of the cooperative
/// pool's: it blocks, and it becomes the launched program's tracer).
public enum TraceService {
    public static func run(
        _ request: TraceRequest, cancellation: TraceCancellation, notice: (String) -> Void = { _ in },
        emit: (TraceRecords) -> Void
    ) throws(TraceFailure) -> TraceOutcome {
        let binary: String
        switch request.program {
        case .launch(let path, _): binary = path
        case .attach(let pid):
            guard let path = ProcessSnapshot.executablePath(of: pid) else { throw TraceFailure("no process with id \(pid)") }
            binary = path
        }
        let image: BinaryImage
        do throws(SymbolError) {
            image = try BinaryImage.open(binary)
        } catch {
            throw TraceFailure(error.description)
        }
        let plan: TracePlan
        do throws(TraceError) {
            plan = try TracePlan(image: image, pattern: request.pattern)
        } catch {
            throw TraceFailure(error.description)
        }
        // Planned once, for the choice and the run: every traced function disassembled.
        let wantsInject = request.backend == .inject || (request.backend == .auto && !request.isLossy && request.stackDepth == 0)
        let injector = wantsInject ? InjectTracer(plan: plan, includeReturns: request.includeReturns) : nil
        var backend: TraceRequest.Backend
        switch request.backend {
        case .auto where request.stackDepth > 0: backend = .ptrace
        case .auto where injector?.unpatchable.isEmpty == true:
            backend = .inject
        case .auto: backend = UprobeTracer.isAvailable ? .uprobe : .ptrace
        case .uprobe where request.stackDepth > 0, .inject where request.stackDepth > 0:
            throw TraceFailure("--stack needs the ptrace backend (--backend ptrace)")
        case .inject where request.isLossy:
            throw TraceFailure("--lossy is for the uprobe backend: the inject backend never drops an event")
        default: backend = request.backend
        }
        let program: UprobeTracer.Program
        switch request.program {
        case .launch(let path, let arguments): program = .launch(path: path, arguments: arguments)
        case .attach(let pid): program = .attach(pid: pid)
        }
        let summary: TraceSummary
        var records = TraceRecordMaker()
        do throws(TraceError) {
            switch backend {
            case .inject:
                let tracer = injector ?? InjectTracer(plan: plan, includeReturns: request.includeReturns)
                for reason in tracer.unpatchable { notice("not traced: \(reason)") }
                summary = try tracer.run(program, stop: cancellation.control) { emit(records.records($0)) }
            case .uprobe, .auto:
                do throws(TraceError) {
                    summary = try UprobeTracer(plan: plan, includeReturns: request.includeReturns, lossless: !request.isLossy)
                        .run(program, shouldStop: { cancellation.control.isRequested }) { emit(records.records($0)) }
                } catch where request.backend == .auto && error.isBackendUnavailable {
                    backend = .ptrace  // perf uprobes not allowed here: the program has not run yet
                    summary = try ptraceTrace(plan, request, program, cancellation) { emit(records.records($0)) }
                }
            case .ptrace:
                summary = try ptraceTrace(plan, request, program, cancellation) { emit(records.records($0)) }
            }
        } catch {
            throw TraceFailure(error.description)
        }
        return TraceOutcome(counts: summary.counts, lost: summary.lost, exitStatus: summary.exitStatus, backend: backend, isLossy: request.isLossy)
    }

    private static func ptraceTrace(
        _ plan: TracePlan, _ request: TraceRequest, _ program: UprobeTracer.Program, _ cancellation: TraceCancellation,
        emit: (TraceEvents) -> Void
    ) throws(TraceError) -> TraceSummary {
        try PtraceTracer(plan: plan, includeReturns: request.includeReturns, stackDepth: request.stackDepth)
            .run(program, stop: cancellation.control, emit: emit)
    }
}

/// The engine's trace events as the API's records: the columns handed on as they are (no
/// copy), the probes' layouts kept from batch to batch, whole events made records.
private struct TraceRecordMaker {
    private var probes: [TraceRecords.Probe?] = []

    mutating func records(_ events: TraceEvents) -> TraceRecords {
        for (number, layout) in events.newLayouts {
            if probes.count <= number { probes += repeatElement(nil, count: number + 1 - probes.count) }
            probes[number] = TraceRecords.Probe(
                kind: layout.kind == .call ? .call : .return, function: layout.function, showsNames: layout.namesValues,
                names: layout.names, forms: layout.forms.map(Self.form))
        }
        return TraceRecords(
            probes: probes, probe: events.probe, thread: events.thread, goroutine: events.goroutine, time: events.time,
            valueIndex: events.valueIndex, words: events.words, records: events.detailed.map(Self.record))
    }

    static func form(_ form: TraceEvents.NumberForm) -> TraceRecords.Form {
        switch form {
        case .signed: return .signed
        case .unsigned: return .unsigned
        case .pointer(let nilValue, let sample, let sampleAddress):
            return .pointer(
                nilValue: LocalDebugger.apiVariable(nilValue), sample: LocalDebugger.apiVariable(sample), sampleAddress: sampleAddress)
        }
    }

    static func record(_ event: TraceEvent) -> TraceRecord {
        TraceRecord(
            kind: event.kind == .call ? .call : .return, function: event.function, thread: event.thread,
            goroutine: event.goroutine, time: event.time, values: event.values.map(LocalDebugger.apiVariable),
            showsNames: event.namesArguments, stack: event.stack)
    }
}

/// Ends a running trace from any thread (Ctrl-C): a launched program is killed, an
/// attached one left running with every probe removed.
public final class TraceCancellation: Sendable {
    let control = TraceStopControl()

    public init() {}

    public func cancel() { control.request() }
}
