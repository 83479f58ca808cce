#ifndef CSYS_PERF_H
#define CSYS_PERF_H

/*
 * perf events for the uprobe trace backend: perf_event_open is reached through syscall()
 * (variadic), ioctl is variadic too, and the ring buffer's head and tail need the memory
 * ordering the kernel documents (an acquire load of data_head, a release store of
 * data_tail), which Swift cannot express on a raw mmap'd page. So those live here.
 * Same convention as csys.h: 0 or a descriptor on success, -errno on failure.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The sample fields dbg asks for (PERF_SAMPLE_*), in the order the kernel writes them. */
enum {
    CSYS_PERF_SAMPLE_TID = 1U << 1,
    CSYS_PERF_SAMPLE_TIME = 1U << 2,
    CSYS_PERF_SAMPLE_REGS_USER = 1U << 12,
    CSYS_PERF_SAMPLE_STACK_USER = 1U << 13,
    CSYS_PERF_SAMPLE_IDENTIFIER = 1U << 16,
};

/* Record types in the ring buffer (PERF_RECORD_*). */
enum {
    CSYS_PERF_RECORD_LOST = 2,
    CSYS_PERF_RECORD_SAMPLE = 9,
};

struct csys_uprobe_request {
    uint32_t pmu_type;        /* /sys/bus/event_source/devices/uprobe/type */
    const char *path;         /* the binary (config1) */
    uint64_t file_offset;     /* of the probed instruction (config2) */
    int is_return_probe;      /* bit 0 of config: a uretprobe (dbg probes RET instructions instead) */
    uint64_t sample_type;     /* CSYS_PERF_SAMPLE_* */
    uint64_t sample_regs_user;/* bit mask in the kernel's x86 perf register order */
    uint32_t sample_stack_user; /* bytes of user stack per sample (a multiple of 8), 0: none */
    int inherit;              /* follow threads and children created later */
    pid_t pid;                /* the thread (or process) to watch */
    int cpu;                  /* -1: any CPU (then inherit cannot be combined with mmap) */
    uint32_t wakeup_bytes;    /* wake poll() once this many bytes wait (0: every sample) */
};

/* perf_event_open for one uprobe. Returns the descriptor (close-on-exec) or -errno. */
int csys_perf_open_uprobe(const struct csys_uprobe_request *request);

/* The samples the event could not write into its ring buffer so far. 0 or -errno. */
int csys_perf_lost_samples(int fd, uint64_t *lost);

/* PERF_EVENT_IOC_ID: the id samples carry in PERF_SAMPLE_IDENTIFIER. 0 or -errno. */
int csys_perf_event_id(int fd, uint64_t *id);
/* PERF_EVENT_IOC_SET_OUTPUT: send fd's records to the ring buffer of target_fd. */
int csys_perf_set_output(int fd, int target_fd);
/* PERF_EVENT_IOC_ENABLE / DISABLE. */
int csys_perf_enable(int fd, int enable);

/* The ring buffer's header page (struct perf_event_mmap_page), read and written with the
 * ordering the kernel requires. */
uint64_t csys_perf_data_head(const void *header_page);
uint64_t csys_perf_data_tail(const void *header_page);
void csys_perf_set_data_tail(void *header_page, uint64_t tail);
/* Where the data pages start (offset from the header page) and their size. */
uint64_t csys_perf_data_offset(const void *header_page);
uint64_t csys_perf_data_size(const void *header_page);

#endif
