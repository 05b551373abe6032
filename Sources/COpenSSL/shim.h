#ifndef PORTAL_COPENSSL_SHIM_H
#define PORTAL_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/ec.h>

// Static inline wrappers for what Swift cannot import: OpenSSL's many macros over *_ctrl calls.
// Keep one section per Swift wrapper file that uses them.

// ---- TLS (PortalServer/HTTP/TLS*.swift) ----
static inline long portal_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long portal_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long portal_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline long portal_SSL_set_mode(SSL *ssl, long mode) { return SSL_set_mode(ssl, mode); }
static inline long portal_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long portal_SSL_CTX_sess_set_cache_size(SSL_CTX *ctx, long size) {
    return SSL_CTX_sess_set_cache_size(ctx, size);
}
static inline long portal_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return SSL_CTX_set1_groups_list(ctx, list);
}
static inline long portal_SSL_CTX_set_tmp_ecdh_auto(SSL_CTX *ctx) { return 1; }
static inline long portal_SSL_CTX_add_extra_chain_cert(SSL_CTX *ctx, X509 *x) {
    return SSL_CTX_add_extra_chain_cert(ctx, x);
}
static inline long portal_SSL_CTX_set_read_ahead(SSL_CTX *ctx, int yes) { return SSL_CTX_set_read_ahead(ctx, yes); }
static inline int portal_OPENSSL_NPN_NEGOTIATED(void) { return OPENSSL_NPN_NEGOTIATED; }
static inline int portal_SSL_TLSEXT_ERR_OK(void) { return SSL_TLSEXT_ERR_OK; }
static inline int portal_SSL_TLSEXT_ERR_ALERT_FATAL(void) { return SSL_TLSEXT_ERR_ALERT_FATAL; }
static inline int portal_SSL_TLSEXT_ERR_NOACK(void) { return SSL_TLSEXT_ERR_NOACK; }
// Server hardening options: no compression, no renegotiation, server cipher order, TLS 1.2+ only.
static inline uint64_t portal_SSL_CTX_set_server_options(SSL_CTX *ctx) {
    return SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE
                                         | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
}
static inline long portal_SSL_MODE_server(void) {
    return SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS;
}
static inline long portal_SSL_SESS_CACHE_SERVER(void) { return SSL_SESS_CACHE_SERVER; }
static inline int portal_SSL_FILETYPE_PEM(void) { return SSL_FILETYPE_PEM; }
static inline int portal_TLS1_1_VERSION(void) { return TLS1_1_VERSION; }
static inline int portal_TLS1_2_VERSION(void) { return TLS1_2_VERSION; }
static inline int portal_TLS1_3_VERSION(void) { return TLS1_3_VERSION; }
static inline EVP_PKEY *portal_EVP_EC_gen(const char *curve) { return EVP_EC_gen(curve); }
static inline long portal_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
static inline long portal_SSL_set_tlsext_host_name(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }

// ---- Kernel event notification (PortalServer/HTTP/Epoll.swift) ----
// Swift's Glibc module does not export <sys/epoll.h> or <sys/eventfd.h>. The product's fixed layout has
// exactly two C modules, so the TLS server's event loop takes these two kernel headers (no library) from the
// module that already serves it.
#include <sys/epoll.h>
#include <sys/eventfd.h>

// ---- Scheduler time slice (PortalServer/HTTP/ThreadScheduling.swift) ----
// glibc 2.36 has no sched_setattr wrapper or struct sched_attr, and Swift cannot call the variadic syscall(),
// so the two calls live here, as one function over the calling thread.
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct portal_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

// Asks the kernel to run the calling thread in slices of `nanos` (EEVDF's custom slice, Linux 6.12+: a shorter
// slice means an earlier deadline, so the thread runs sooner after it wakes; its CPU share is unchanged). Keeps
// the thread's policy and nice value, and leaves real-time policies alone. Returns the slice the kernel reports
// afterwards (0: this kernel has no custom slices), INT64_MIN for a real-time thread, or -errno.
static inline int64_t portal_request_thread_slice(uint64_t nanos) {
    struct portal_sched_attr attr;
    memset(&attr, 0, sizeof attr);
    if (syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) != 0) return -(int64_t)errno;
    // SCHED_FIFO, SCHED_RR and SCHED_DEADLINE (6); the fair policies are OTHER, BATCH and IDLE.
    if (attr.sched_policy == SCHED_FIFO || attr.sched_policy == SCHED_RR || attr.sched_policy == 6) return INT64_MIN;
    attr.size = sizeof attr;
    attr.sched_flags &= 0x01;  // keep SCHED_FLAG_RESET_ON_FORK, which an unprivileged thread may not drop
    attr.sched_runtime = nanos;
    if (syscall(SYS_sched_setattr, 0, &attr, 0) != 0) return -(int64_t)errno;
    memset(&attr, 0, sizeof attr);
    if (syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) != 0) return -(int64_t)errno;
    return (int64_t)attr.sched_runtime;
}

// The calling thread's kernel id (gettid() needs _GNU_SOURCE, which Swift's Glibc module is built without).
static inline int32_t portal_gettid(void) { return (int32_t)syscall(SYS_gettid); }

// ---- Crypto (PortalDomain/Crypto/OpenSSL.swift) ----
static inline void portal_OPENSSL_cleanse(void *ptr, size_t len) { OPENSSL_cleanse(ptr, len); }

#endif
