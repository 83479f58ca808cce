#define _GNU_SOURCE
#include "csys_perf.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

_Static_assert(CSYS_PERF_SAMPLE_TID == PERF_SAMPLE_TID, "PERF_SAMPLE_TID");
_Static_assert(CSYS_PERF_SAMPLE_TIME == PERF_SAMPLE_TIME, "PERF_SAMPLE_TIME");
_Static_assert(CSYS_PERF_SAMPLE_REGS_USER == PERF_SAMPLE_REGS_USER, "PERF_SAMPLE_REGS_USER");
_Static_assert(CSYS_PERF_SAMPLE_STACK_USER == PERF_SAMPLE_STACK_USER, "PERF_SAMPLE_STACK_USER");
_Static_assert(CSYS_PERF_SAMPLE_IDENTIFIER == PERF_SAMPLE_IDENTIFIER, "PERF_SAMPLE_IDENTIFIER");
_Static_assert(CSYS_PERF_RECORD_LOST == PERF_RECORD_LOST, "PERF_RECORD_LOST");
_Static_assert(CSYS_PERF_RECORD_SAMPLE == PERF_RECORD_SAMPLE, "PERF_RECORD_SAMPLE");

int csys_perf_open_uprobe(const struct csys_uprobe_request *request) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = request->pmu_type;
    attr.config = request->is_return_probe ? 1 : 0;
    attr.config1 = (uint64_t)(uintptr_t)request->path;
    attr.config2 = request->file_offset;
    attr.sample_period = 1;
    attr.sample_type = request->sample_type;
    attr.sample_regs_user = request->sample_regs_user;
    attr.sample_stack_user = request->sample_stack_user;
    attr.inherit = request->inherit ? 1 : 0;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    /* read() gives the samples the event could not write (kernel 6.0+): the exact count of
       what was lost, where PERF_RECORD_LOST records come only when space is free again. */
    attr.read_format = PERF_FORMAT_LOST;
    /* With sample_id_all, PERF_RECORD_LOST carries the identifier too; harmless otherwise. */
    attr.sample_id_all = 1;
    /* Sample times on CLOCK_MONOTONIC, so the reader can compare them with its own clock. */
    attr.use_clockid = 1;
    attr.clockid = CLOCK_MONOTONIC;
    if (request->wakeup_bytes > 0) {
        attr.watermark = 1;
        attr.wakeup_watermark = request->wakeup_bytes;
    } else {
        attr.wakeup_events = 1;
    }
    long fd = syscall(SYS_perf_event_open, &attr, request->pid, request->cpu, -1, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (int)fd;
}

int csys_perf_lost_samples(int fd, uint64_t *lost) {
    uint64_t values[2];
    ssize_t got = read(fd, values, sizeof values);
    if (got != (ssize_t)sizeof values) return got < 0 ? -errno : -EIO;
    *lost = values[1];
    return 0;
}

int csys_perf_event_id(int fd, uint64_t *id) {
    return ioctl(fd, PERF_EVENT_IOC_ID, id) < 0 ? -errno : 0;
}

int csys_perf_set_output(int fd, int target_fd) {
    return ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, target_fd) < 0 ? -errno : 0;
}

int csys_perf_enable(int fd, int enable) {
    return ioctl(fd, enable ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0) < 0 ? -errno : 0;
}

uint64_t csys_perf_data_head(const void *header_page) {
    const struct perf_event_mmap_page *page = header_page;
    return __atomic_load_n(&page->data_head, __ATOMIC_ACQUIRE);
}

uint64_t csys_perf_data_tail(const void *header_page) {
    const struct perf_event_mmap_page *page = header_page;
    return __atomic_load_n(&page->data_tail, __ATOMIC_RELAXED);
}

void csys_perf_set_data_tail(void *header_page, uint64_t tail) {
    struct perf_event_mmap_page *page = header_page;
    __atomic_store_n(&page->data_tail, tail, __ATOMIC_RELEASE);
}

uint64_t csys_perf_data_offset(const void *header_page) {
    const struct perf_event_mmap_page *page = header_page;
    return page->data_offset ? page->data_offset : (uint64_t)sysconf(_SC_PAGESIZE);
}

uint64_t csys_perf_data_size(const void *header_page) {
    const struct perf_event_mmap_page *page = header_page;
    return page->data_size;
}
