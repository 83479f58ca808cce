// DbgProcess: Linux process control (ptrace executor, spawn/attach/detach, threads,
// registers, memory, breakpoint sites, perf events). Knows nothing of DWARF.
// The execution-engine issue fills this layer in.
import CSys

/// The layer's version, so dependents can check they link the layer they expect.
public enum DbgProcessLayer {
    public static let name = "DbgProcess"
}
