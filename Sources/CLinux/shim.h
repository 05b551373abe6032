#ifndef PORTAL_CLINUX_SHIM_H
#define PORTAL_CLINUX_SHIM_H
// Linux-only system headers that Swift's Glibc module does not cover (used by PortalServer/HTTP/Epoll.swift).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
