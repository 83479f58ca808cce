# The probe recorder: what `dbg trace --backend inject` runs inside the traced program at
# every probe, instead of a trap. Each probed instruction is patched with a jump to a stub
# of its own (ProbeStub.swift), which skips the red zone, pushes the probe's number and calls
# `record`; `record` writes one event into the ring (a memfd mapped both in the program and
# in dbg, see InjectRing.swift) and returns; the stub then runs the displaced instructions and
# jumps back. No system call and no trap on the way: an event costs a few dozen
# instructions.
#
# Lossless: the ring has a fixed number of slots; when the program is that many events ahead
# of dbg, `record` waits on a futex (the consumed count, woken by dbg), so the program slows
# down instead of losing an event. If dbg is gone (SIGKILL, the OOM killer), nothing will
# ever read the ring: after each wait, `record` asks the kernel whether dbg still exists
# (kill(pid, 0)), and when it does not, marks the ring abandoned and records nothing more,
# so the program runs on at full speed with the patches in place.
#
# Everything the program can see is as it was when `record` returns: every register (the
# flags too), the stack above the red zone. It uses at most 256 bytes of the program's
# stack below the stack pointer (a Go goroutine's stack has at least 928 free at a probe).
#
# The bytes are ProbeRecorderCode.bytes: assembled by `as` (GNU, x86-64) and cut from .text
# with `objcopy -O binary -j .text`; ProbeRecorderCodeTests assembles this file again and
# compares. `ring` is a word dbg fills with the ring's address in the program. Where the
# kernel does not let programs use rdfsbase (before Linux 5.9), dbg writes the 9 bytes of
# `mov rdx, fs:[0]` over `thread_pointer` instead (glibc keeps the thread pointer there).
#
# Stack at `record` (after its pushes below), offsets from rsp:
#   0 r11, 8 rdi, 16 rdx, 24 rcx, 32 rax, 40 flags, 48 return into the stub, 56 the probe
#   word (its number; bit 31: copy three stack words), then the 128-byte red zone, then the
#   program's stack: the program's rsp is rsp + 192.
#
# Ring header (offsets from the ring): 0 reserved (next sequence), 64 consumed (by dbg; the
# futex word is its low half), 128 abandoned, 144 waiters, 160 tracer pid, 192 the wait's
# timeout (a timespec), 256 capacity, 264 mask (capacity - 1); slots from 4096, 256 bytes
# each. Slot: 0 sequence + 1 (written last: the event is complete), 8 probe word, 16 fs base
# (the thread), 24 time stamp counter, 32 the 17 registers in perf order (rax rbx rcx rdx
# rsi rdi rbp rsp rip r8 ... r15; rip is left to dbg, which knows the probe's address),
# 168 xmm0-xmm7 (low 8 bytes each), 232 three stack words above the return address.
.intel_syntax noprefix
.text
record:
    pushfq
    push rax
    push rcx
    push rdx
    push rdi
    push r11
    mov rdi, [rip + ring]
    cmp dword ptr [rdi + 128], 0        # abandoned: dbg is gone
    jne done
    mov eax, 1
    lock xadd [rdi], rax                # rax: this event's sequence
room:
    mov rdx, rax
    sub rdx, [rdi + 64]
    cmp rdx, [rdi + 256]
    jae full
    mov rdx, rax
    and rdx, [rdi + 264]
    shl rdx, 8
    lea r11, [rdi + rdx + 4096]         # the slot
    mov rcx, rax                        # the sequence, kept
    mov rdx, [rsp + 56]
    mov [r11 + 8], rdx                  # the probe word
thread_pointer:
    rdfsbase rdx                        # where rdfsbase faults: mov rdx, fs:[0] (see below)
    .byte 0x0f, 0x1f, 0x40, 0x00         # a 4-byte nop: room for the 9 bytes of the mov
    mov [r11 + 16], rdx                 # the thread
    rdtsc
    shl rdx, 32
    or rax, rdx
    mov [r11 + 24], rax                 # the time
    mov rax, [rsp + 32]
    mov [r11 + 32], rax                 # rax
    mov [r11 + 40], rbx
    mov rax, [rsp + 24]
    mov [r11 + 48], rax                 # rcx
    mov rax, [rsp + 16]
    mov [r11 + 56], rax                 # rdx
    mov [r11 + 64], rsi
    mov rax, [rsp + 8]
    mov [r11 + 72], rax                 # rdi
    mov [r11 + 80], rbp
    lea rax, [rsp + 192]
    mov [r11 + 88], rax                 # rsp, the program's
    mov [r11 + 104], r8
    mov [r11 + 112], r9
    mov [r11 + 120], r10
    mov rax, [rsp]
    mov [r11 + 128], rax                # r11
    mov [r11 + 136], r12
    mov [r11 + 144], r13
    mov [r11 + 152], r14
    mov [r11 + 160], r15
    movq [r11 + 168], xmm0
    movq [r11 + 176], xmm1
    movq [r11 + 184], xmm2
    movq [r11 + 192], xmm3
    movq [r11 + 200], xmm4
    movq [r11 + 208], xmm5
    movq [r11 + 216], xmm6
    movq [r11 + 224], xmm7
    test dword ptr [rsp + 56], 0x80000000
    jz publish
    mov rax, [rsp + 200]                # arguments passed on the stack (C, past the sixth)
    mov [r11 + 232], rax
    mov rax, [rsp + 208]
    mov [r11 + 240], rax
    mov rax, [rsp + 216]
    mov [r11 + 248], rax
publish:
    lea rax, [rcx + 1]
    mov [r11], rax                      # a plain store is a release on x86: the slot is whole
done:
    pop r11
    pop rdi
    pop rdx
    pop rcx
    pop rax
    popfq
    ret
full:
    # dbg has not read the events ahead of this one: wait until it has, or until it is gone.
    push rsi
    push r10
    push rax                            # the sequence
    lock inc dword ptr [rdi + 144]      # waiters: dbg wakes the futex only when there are some
wait:
    mov rdx, [rsp]
    sub rdx, [rdi + 64]
    cmp rdx, [rdi + 256]
    jb awake                            # room now
    cmp dword ptr [rdi + 128], 0
    jne awake                           # abandoned meanwhile (by another thread)
    push rdi
    mov edx, [rdi + 64]                 # futex(&consumed, FUTEX_WAIT, consumed, &timeout)
    lea r10, [rdi + 192]
    lea rdi, [rdi + 64]
    xor esi, esi
    mov eax, 202
    syscall
    pop rdi
    cmp rax, -110                       # ETIMEDOUT: is dbg still there?
    jne wait
    push rdi
    mov edi, [rdi + 160]                # kill(tracer, 0)
    xor esi, esi
    mov eax, 62
    syscall
    pop rdi
    cmp rax, -3                         # ESRCH: gone, nothing will read the ring again
    jne wait
    mov dword ptr [rdi + 128], 1
awake:
    lock dec dword ptr [rdi + 144]
    pop rax
    pop r10
    pop rsi
    cmp dword ptr [rdi + 128], 0
    jne done
    jmp room
.balign 8
ring:
    .quad 0
