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
# stack below the stack pointer (a Go goroutine's stack has at least 928 free at a probe),
# 384 when it copies C strings (C only, see `copy_strings`).
#
# Copying strings makes a system call, which a program under a seccomp filter may be killed
# for: dbg lets the recorder copy (ring word 172) only while /proc/PID/status says the
# program has no filter, and turns it off within about 10 ms of one appearing; a probe
# with strings reached in that moment is the one risk left.
#
# The bytes are ProbeRecorderCode.bytes: assembled by `as` (GNU, x86-64) and cut from .text
# with `objcopy -O binary -j .text`; ProbeRecorderCodeTests assembles this file again and
# compares. `ring` is a word dbg fills with the ring's address in the program. Where the
# kernel does not let programs use rdfsbase (before Linux 5.9), dbg writes the 9 bytes of
# `mov rdx, fs:[0]` over `thread_pointer` instead (glibc keeps the thread pointer there).
#
# Stack at `record` (after its pushes below), offsets from rsp:
#   0 r11, 8 rdi, 16 rdx, 24 rcx, 32 rax, 40 flags, 48 return into the stub, 56 the probe
#   word (its number in bits 0-23; bit 31: copy three stack words; bits 24-30: registers
#   holding C strings to copy, rdi rsi rdx rcx r8 r9 rax), then the 128-byte red zone, then
#   the program's stack: the program's rsp is rsp + 192.
#
# Ring header (offsets from the ring): 0 reserved (next sequence), 64 consumed (by dbg; the
# futex word is its low half), 128 abandoned, 144 waiters, 160 tracer pid, 168 the program's
# pid, 172 whether strings may be copied, 192 the wait's timeout (a timespec), 256 capacity, 264 mask (capacity - 1); slots
# from 4096, 512 bytes each. Slot: 0 sequence + 1 (written last: the event is complete),
# 8 probe word, 16 fs base (the thread), 24 time stamp counter, 32 the 17 registers in perf
# order (rax rbx rcx rdx rsi rdi rbp rsp rip r8 ... r15; rip is left to dbg, which knows the
# probe's address), 168 xmm0-xmm7 (low 8 bytes each), 232 three stack words above the return
# address, 256 three copied strings of 80 bytes each (the count copied, then 72 bytes).
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
    shl rdx, 9
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
    jz strings
    mov rax, [rsp + 200]                # arguments passed on the stack (C, past the sixth)
    mov [r11 + 232], rax
    mov rax, [rsp + 208]
    mov [r11 + 240], rax
    mov rax, [rsp + 216]
    mov [r11 + 248], rax
strings:
    test dword ptr [rsp + 56], 0x7f000000
    jz publish
    cmp dword ptr [rdi + 172], 0        # dbg lets strings be copied (see copy_strings)
    je publish
    call copy_strings
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

# The C strings the probe word names, copied into the slot as they are at the event (dbg
# reads the event later, when a buffer may hold other text). Up to three, 72 bytes each, by
# process_vm_readv on the program itself: an address that cannot be read makes it fail,
# never fault (the program's own pointer may be anything). The read is split at the page
# boundary, so that a string that ends before an unmapped page is still copied. Keeps every
# register but rax, rdx and the flags (the recorder saved those).
copy_strings:
    push rcx                            # the sequence
    push r11                            # the slot
    push rdi                            # the ring
    push rsi
    push r8
    push r9
    push r10
    sub rsp, 48                         # iovecs: the slot's at 0, the program's at 16 and 32
    mov r8d, [rsp + 168]                # the probe word
    shr r8d, 24
    and r8d, 0x7f                       # r8: the registers left to copy
    xor r9d, r9d                        # r9: the next of the slot's three places
next_string:
    test r8d, r8d
    jz copied
    cmp r9d, 3
    jae copied
    bsf ecx, r8d
    btr r8d, ecx
    lea rax, [rip + string_registers]
    movzx ecx, byte ptr [rax + rcx]     # where the register is in the slot
    mov r11, [rsp + 88]
    mov rsi, [r11 + rcx]                # the string's address
    imul eax, r9d, 80
    lea r10, [r11 + rax + 256]          # its place: the count copied, then the bytes
    mov qword ptr [r10], 0
    inc r9d
    test rsi, rsi
    jz next_string
    lea rax, [r10 + 8]
    mov [rsp], rax
    mov qword ptr [rsp + 8], 72
    mov rax, rsi
    or rax, 4095
    inc rax                             # the next page
    mov rdx, rax
    sub rdx, rsi
    mov ecx, 72
    cmp rdx, rcx
    cmova rdx, rcx                      # what lies on the string's page, 72 at most
    mov [rsp + 16], rsi
    mov [rsp + 24], rdx
    mov [rsp + 32], rax
    sub rcx, rdx
    mov [rsp + 40], rcx                 # and on the next (0: nothing)
    push r8
    push r9
    push r10
    mov rdi, [rsp + 104]                # the ring
    mov edi, [rdi + 168]                # process_vm_readv(pid, local, 1, remote, 2, 0)
    lea rsi, [rsp + 24]
    mov edx, 1
    lea r10, [rsp + 40]
    mov r8d, 1
    cmp qword ptr [rsp + 64], 0         # the next page only when the copy reaches it (it
    je 1f                               # may be unmapped: even an empty part there fails)
    mov r8d, 2
1:
    xor r9d, r9d
    mov eax, 310
    syscall
    pop r10
    pop r9
    pop r8
    test rax, rax
    jle next_string                     # nothing copied: the count stays 0
    mov [r10], rax
    jmp next_string
copied:
    add rsp, 48
    pop r10
    pop r9
    pop r8
    pop rsi
    pop rdi
    pop r11
    pop rcx
    ret
string_registers:
    .byte 72, 64, 56, 48, 104, 112, 32  # rdi rsi rdx rcx r8 r9 rax: their places in the slot
.balign 8
ring:
    .quad 0
