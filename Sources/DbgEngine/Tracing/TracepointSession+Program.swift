import DbgProcess
import DbgSymbols

extension TracepointSession {
    /// A session on a trace's program (launched stopped after exec, or attached and
    /// stopped), and the load bias of `image` in it.
    static func start(_ program: UprobeTracer.Program, image: BinaryImage) throws(TraceError) -> (session: TracepointSession, bias: UInt64) {
        do throws(ProcessError) {
            switch program {
            case .launch(let path, let arguments):
                let session = try TracepointSession(launch: path, arguments: arguments)
                return (session, LoadBias.of(image, pid: session.pid, path: path))
            case .attach(let pid):
                let session = try TracepointSession(attach: pid)
                return (session, LoadBias.of(image, pid: pid, path: ProcessSnapshot.executablePath(of: pid) ?? image.path))
            }
        } catch {
            throw TraceError(error.description)
        }
    }
}
