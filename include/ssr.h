/*
 * libssr: security metadata for software package registries.
 *
 * The umbrella header: include this one. Each concern has its own header
 * under ssr/, documented there.
 */
#ifndef SSR_H
#define SSR_H

#include "ssr/common.h"
#include "ssr/report.h"
#include "ssr/json.h"
#include "ssr/validate.h"
#include "ssr/profile.h"
#include "ssr/crypto.h"
#include "ssr/policy.h"
#include "ssr/purl.h"
#include "ssr/verify.h"
#include "ssr/tuf.h"
#include "ssr/render.h"

#endif /* SSR_H */
