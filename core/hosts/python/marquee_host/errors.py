"""Errors the host reports in `error` replies: a code the display knows and a message for people."""


class HostError(Exception):
    def __init__(self, code: str, message: str, stack: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.stack = stack


# Codes, so the display can tell a plugin's fault from the host's or its own.
BAD_REQUEST = "BAD_REQUEST"  # a request without the fields it needs, or of an unknown type
NOT_INITIALISED = "HOST_NOT_INITIALISED"  # a request before init
CONFINED = "HOST_CONFINED"  # a load outside the folders this host was confined to
SANDBOX_UNAVAILABLE = "PLUGIN_SANDBOX_UNAVAILABLE"  # no Landlock: plugins are refused (fail closed)
LOAD_FAILED = "PLUGIN_LOAD_FAILED"  # the plugin's module or class could not be loaded or built
CONFIG_INVALID = "CONFIG_VALIDATION_FAILED"  # validate_config() returned False
NOT_LOADED = "PLUGIN_NOT_FOUND"  # a request for a plugin this host has not loaded
CALL_FAILED = "PLUGIN_CALL_FAILED"  # the plugin's own code raised
UNKNOWN_ACTION = "UNKNOWN_ACTION"
