// The AWS SDK warns once per process that releases after January 2027 need Node 22. The versions
// pinned in yarn.lock run on Node 20 (the machine's) and on Lambda's nodejs22.x, so the warning
// is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
