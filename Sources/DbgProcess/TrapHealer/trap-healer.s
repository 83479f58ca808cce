# The trap healer: a SIGTRAP handler dbg puts in a program it attaches to (see
# TracedProcess+TrapHealer.swift). While dbg lives it never runs: dbg takes every SIGTRAP of
# its int3s first. If dbg is killed (SIGKILL, the OOM killer), the kernel lets the program go
# with the int3s still in it; a thread that meets one then traps to this handler, which
# finds the site in the table dbg keeps beside it, writes the original byte back through
# /proc/self/mem and resumes the thread at the site, which now runs the program's own
# instruction. A watchpoint's trap (the kernel keeps the debug registers dbg set) is let go:
# the access it reports is done. Any other SIGTRAP goes where it went before: the program's
# own handler, or the default action (the program ends with SIGTRAP, as without dbg).
#
# The bytes are TrapHealerCode.bytes: assembled by `as` (GNU, x86-64) and cut from .text
# with `objcopy -O binary -j .text`, up to `previous`; TrapHealerTests assembles this file
# again and compares. The area's layout (offsets here are TrapHealerCode's):
#   0x000  the handler, then `restorer` (rt_sigreturn, the action's sa_restorer)
#   0x180  "/proc/self/mem"
#   0x1a0  the action SIGTRAP had before (the kernel's struct sigaction, 32 bytes)
#   0x1c0  the healer's own action, for rt_sigaction; 0x1e0 the action read back at removal
#   0x200  the table: a count, then entries of one word each: the site's address in the
#          low 48 bits, its original byte in the high 8 (one word: written whole, never torn)
.intel_syntax noprefix
.text
# handler(signal: rdi, siginfo: rsi, ucontext: rdx)
healer:
    cmp dword ptr [rsi + 8], 4          # si_code TRAP_HWBKPT: a watchpoint dbg set, which the
    je watched                          # kernel keeps after dbg is gone: the access is done
    cmp dword ptr [rsi + 8], 0x80       # si_code SI_KERNEL: an int3
    jne chain
    mov r8, [rdx + 168]                 # uc_mcontext.gregs[REG_RIP]: past the int3
    dec r8                              # the site
    lea r9, [rip + table]
    mov rcx, [r9]                       # count
    cmp rcx, 8127                       # the table's capacity: a larger count is garbage
    ja chain
    lea r10, [r9 + 8]
find:
    test rcx, rcx
    jz chain
    mov r11, [r10]
    mov rax, r11
    shl rax, 16
    shr rax, 16                         # the entry's address (low 48 bits)
    cmp rax, r8
    je found
    add r10, 8
    dec rcx
    jmp find
found:
    shr r11, 56                         # the original byte (high 8 bits)
    sub rsp, 56
    mov [rsp], r11
    mov [rsp + 8], rdi
    mov [rsp + 16], rsi
    mov [rsp + 24], rdx
    mov [rsp + 32], r8
    mov eax, 2                          # open("/proc/self/mem", O_RDWR | O_CLOEXEC)
    lea rdi, [rip + path]
    mov esi, 0x80002
    xor edx, edx
    syscall
    test rax, rax
    js failed
    mov [rsp + 40], rax
    mov rdi, rax                        # pwrite64(fd, &byte, 1, site)
    mov rsi, rsp
    mov edx, 1
    mov r10, [rsp + 32]
    mov eax, 18
    syscall
    mov [rsp + 48], rax
    mov rdi, [rsp + 40]                 # close(fd)
    mov eax, 3
    syscall
    cmp qword ptr [rsp + 48], 1
    jne failed
    mov rdx, [rsp + 24]
    mov r8, [rsp + 32]
    add rsp, 56
    mov [rdx + 168], r8                 # resume at the site, its own byte back
    ret
failed:
    mov rdi, [rsp + 8]
    mov rsi, [rsp + 16]
    mov rdx, [rsp + 24]
    add rsp, 56
chain:
    mov rax, [rip + previous]
    cmp rax, 1                          # SIG_IGN
    je ignored
    test rax, rax                       # SIG_DFL
    jz default
    jmp rax                             # the program's own handler, as the kernel would call it
ignored:
    cmp dword ptr [rsi + 8], 0x80       # an int3's trap is never ignored: it ends the program
    je default
    ret
default:
    # SIGTRAP's default action, as without us: SIG_DFL back, and the signal sent again; it
    # arrives when this handler returns and unblocks it.
    sub rsp, 40
    xor eax, eax
    mov [rsp], rax
    mov [rsp + 8], rax
    mov [rsp + 16], rax
    mov [rsp + 24], rax
    mov eax, 13                         # rt_sigaction(SIGTRAP, &default, NULL, 8)
    mov edi, 5
    mov rsi, rsp
    xor edx, edx
    mov r10d, 8
    syscall
    add rsp, 40
    mov eax, 39                         # getpid
    syscall
    mov r12, rax
    mov eax, 186                        # gettid
    syscall
    mov rdi, r12                        # tgkill(pid, tid, SIGTRAP)
    mov rsi, rax
    mov edx, 5
    mov eax, 234
    syscall
    ret
watched:
    ret                                 # (a data watchpoint traps after the access): go on
restorer:
    mov eax, 15                         # rt_sigreturn
    syscall
.org 0x180
path:
    .asciz "/proc/self/mem"
.org 0x1a0
previous:
    .quad 0, 0, 0, 0
.org 0x200
table:
    .quad 0
