#ifndef PORTAL_CLINUX_SHIM_H
#define PORTAL_CLINUX_SHIM_H
// Linux-only system calls that Swift's Glibc module does not cover (used by PortalServer/HTTP/Epoll.swift).
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4 is a GNU extension: accept with SOCK_NONBLOCK | SOCK_CLOEXEC in one call.
static inline int portal_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}
#endif
