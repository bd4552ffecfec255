/**
 * The error catalogue: every error Marquee reports, with its category, HTTP status, a message that
 * is safe to show anyone, and fixes a user can try. Codes carried over from LEDMatrix keep their
 * names so scripts written against it still match.
 */
export type ErrorCategory =
  'configuration' | 'plugin' | 'validation' | 'network' | 'permission' | 'system' | 'queue' | 'unknown';

export interface CatalogueEntry {
  readonly category: ErrorCategory;
  readonly status: number;
  readonly message: string;
  readonly fixes: readonly string[];
  /** Worth retrying later: the cause may go away by itself (network, busy, shutting down). */
  readonly transient: boolean;
}

const generic = ['Review error details and try again'] as const;

const entry = (
  category: ErrorCategory,
  status: number,
  message: string,
  fixes: readonly string[] = generic,
  transient = false,
): CatalogueEntry => Object.freeze({ category, status, message, fixes, transient });

export const ERRORS = Object.freeze({
  CONFIG_SAVE_FAILED: entry('configuration', 500, 'Failed to save configuration', [
    'Check file permissions on the config directory',
    'Check available disk space',
  ]),
  CONFIG_LOAD_FAILED: entry('configuration', 500, 'Failed to load configuration', [
    'Check the config file exists and is readable',
    'Verify the config file is valid JSON',
  ]),
  CONFIG_VALIDATION_FAILED: entry('configuration', 400, 'Configuration validation failed', [
    'Review the listed fields and their expected values',
  ]),
  CONFIG_ROLLBACK_FAILED: entry('configuration', 500, 'Failed to roll back configuration'),
  CONFIG_FILE_UNREADABLE: entry('configuration', 409, 'A config file cannot be read, so saving would overwrite it', [
    'Check the file is readable by the user Marquee runs as (and is a file, not a folder)',
    'Restore it from a backup in config/backups/',
  ]),
  CONFIG_BACKUP_NOT_FOUND: entry('configuration', 404, 'Configuration backup not found', [
    'List the backups with GET /api/v3/config/backups',
  ]),
  PLUGIN_NOT_FOUND: entry('plugin', 404, 'Plugin not found', [
    'Check the plugin id is correct',
    'Refresh the plugin list',
  ]),
  PLUGIN_INSTALL_FAILED: entry('plugin', 500, 'Failed to install plugin', [
    'Check the internet connection',
    'Verify the plugin repository URL',
    'Check available disk space',
  ]),
  PLUGIN_UPDATE_FAILED: entry('plugin', 500, 'Failed to update plugin'),
  PLUGIN_UNINSTALL_FAILED: entry('plugin', 500, 'Failed to uninstall plugin'),
  PLUGIN_LOAD_FAILED: entry('plugin', 500, 'Failed to load plugin'),
  PLUGIN_NOT_RUNNABLE: entry('plugin', 409, 'Plugin cannot run in its present state', [
    "See the plugin's error on the Plugins page",
    'Update or reinstall the plugin',
  ]),
  PLUGIN_ACTION_NOT_FOUND: entry('plugin', 404, 'The plugin has no such action', [
    "Use an id from the plugin's web_ui_actions (GET /api/v3/plugins/installed)",
  ]),
  PLUGIN_ACTION_FAILED: entry('plugin', 500, "The plugin's action failed", [
    "See the plugin's log lines on the Logs page",
  ]),
  PLUGIN_INCOMPATIBLE: entry('plugin', 422, 'Plugin is not compatible with this version of Marquee', [
    'Look for a version of the plugin made for Marquee',
  ]),
  PLUGIN_MANIFEST_INVALID: entry('plugin', 422, 'Plugin manifest is missing or invalid', [
    'Check manifest.json against the manifest format in docs/PLUGINS.md',
    'Ask the plugin author for a corrected release',
  ]),
  PLUGIN_ID_MISMATCH: entry('plugin', 422, 'Plugin manifest id does not match the requested plugin', [
    'Check the plugin id in the request',
    'Ask the plugin author to make the manifest id match its registry id',
  ]),
  PLUGIN_ARCHIVE_INVALID: entry('plugin', 422, 'Plugin archive is not a readable ZIP in the expected layout', [
    'Check the download URL, branch and plugin_path',
    'Retry: the download may have been cut short',
  ]),
  PLUGIN_ARCHIVE_UNSAFE: entry('plugin', 422, 'Plugin archive contains entries that are not allowed', [
    'Do not install this archive: it tries to write outside its folder or contains links',
  ]),
  PLUGIN_ARCHIVE_TOO_LARGE: entry('plugin', 422, 'Plugin archive exceeds the size or file-count limits', [
    'Check the plugin is the one you meant to install',
    'Raise the plugin archive limits in the settings if the plugin is known to be this large',
  ]),
  PLUGIN_OPERATION_CONFLICT: entry('plugin', 409, 'Another operation on this plugin is in progress', [
    'Wait for the current operation to finish',
    'Cancel the blocking operation',
  ]),
  PLUGIN_RUNTIME_MISSING: entry('plugin', 422, 'This machine cannot run Python plugins yet', [
    'Install the packages the error names, e.g. sudo apt install python3 python3-venv python3-pil',
  ]),
  PLUGIN_DEPENDENCIES_FAILED: entry('plugin', 500, "Installing the plugin's Python dependencies failed", [
    "Read pip's message in the error details",
    'Check the internet connection and the package index URL',
  ]),
  PLUGIN_SANDBOX_UNAVAILABLE: entry('plugin', 500, 'Python plugins are not run without their sandbox', [
    'Use a Linux kernel with Landlock enabled (5.13 or later, landlock in the lsm= boot parameter)',
  ]),
  PREVIEW_UNAVAILABLE: entry('plugin', 404, 'No preview of this plugin can be shown', [
    'The reason says what the plugin needs before it can be drawn',
  ]),
  OPERATION_NOT_FOUND: entry('queue', 404, 'Operation not found', [
    'Check the operation id',
    'Finished operations are kept for a limited time; see the history',
  ]),
  OPERATION_NOT_CANCELLABLE: entry('queue', 409, 'Operation has already finished', [
    'Check the operation status; finished operations cannot be cancelled',
  ]),
  OPERATION_CANCELLED: entry('queue', 409, 'Operation was cancelled'),
  OPERATION_INTERRUPTED: entry(
    'queue',
    503,
    'Operation was interrupted before it finished',
    ['Retry the operation'],
    true,
  ),
  QUEUE_FULL: entry('queue', 429, 'Too many pending operations', ['Wait for pending operations to finish'], true),
  VALIDATION_ERROR: entry('validation', 400, 'Validation error', [
    'Review the listed fields and their expected values',
  ]),
  SCHEMA_VALIDATION_FAILED: entry('validation', 400, 'Schema validation failed', [
    'Review the listed fields and their expected values',
  ]),
  INVALID_INPUT: entry('validation', 400, 'Invalid input'),
  INPUT_LIMIT_EXCEEDED: entry('validation', 400, 'Request input is nested too deeply or names a field at length', [
    'Send settings nested at most as deep as the limit in the message',
    'Name form fields with fewer, shorter parts',
  ]),
  CROSS_SITE_REQUEST: entry('permission', 403, 'Changes are accepted only from pages served by Marquee itself', [
    "Open Marquee's web interface at its own address and make the change there",
    'Scripts and other programs: send the request without an Origin header',
  ]),
  MISDIRECTED_REQUEST: entry('permission', 421, 'This device does not answer to that name', [
    'Open Marquee by its address, localhost, or its host name',
    'Add the name to MARQUEE_ALLOWED_HOSTS',
  ]),
  NOT_FOUND: entry('validation', 404, 'Resource not found', ['Check the URL']),
  METHOD_NOT_ALLOWED: entry('validation', 405, 'Method not allowed', ['Use one of the methods in the Allow header']),
  PAYLOAD_TOO_LARGE: entry('validation', 413, 'Request body is too large', ['Send a smaller request body']),
  UNSUPPORTED_MEDIA_TYPE: entry('validation', 415, 'Unsupported content type', [
    'Send the body as JSON with Content-Type: application/json',
  ]),
  UNAUTHORIZED: entry('permission', 401, 'Authentication failed'),
  AUTH_REQUIRED: entry('permission', 401, 'Sign in first: pair this browser, or send an API token', [
    'Open Marquee in a browser and enter the pairing code shown on the panel',
    'Scripts: send Authorization: Bearer <token>, with a token made in Settings under Devices and tokens',
  ]),
  PAIRING_CODE_INVALID: entry('permission', 401, 'That pairing code is wrong, expired or already used', [
    'Type the code shown on the panel again',
    'Ask for a new code: it appears on the panel and in the log',
  ]),
  TOO_MANY_ATTEMPTS: entry(
    'permission',
    429,
    'Too many pairing attempts; wait a few minutes before trying again',
    ['Wait for the time in the Retry-After header, then type the code shown on the panel'],
    true,
  ),
  CREDENTIAL_NOT_FOUND: entry('validation', 404, 'No such session or token', [
    'List them with GET /api/v3/auth/sessions or GET /api/v3/auth/tokens',
  ]),
  TOO_MANY_CREDENTIALS: entry('validation', 409, 'Too many paired devices or tokens', [
    'Revoke devices or tokens no longer used, in Settings under Devices and tokens',
  ]),
  NETWORK_ERROR: entry('network', 502, 'Network error', ['Check the internet connection'], true),
  API_ERROR: entry('network', 502, 'Upstream service error', generic, true),
  REGISTRY_UNAVAILABLE: entry(
    'network',
    503,
    'Plugin registry is unavailable',
    ['Check the internet connection', 'Try again later'],
    true,
  ),
  REGISTRY_INVALID: entry('network', 502, 'Plugin registry document is not valid', [
    'Check the registry URL points at a plugins.json file',
    'Ask the registry maintainer to fix the file',
  ]),
  UPSTREAM_RATE_LIMITED: entry(
    'network',
    503,
    'Upstream service is rate limiting requests',
    ['Wait until the limit resets', 'Add a GitHub token to the secrets file for a higher limit'],
    true,
  ),
  RESPONSE_TOO_LARGE: entry('network', 502, 'Upstream response is larger than allowed'),
  URL_NOT_ALLOWED: entry('network', 400, 'URL is not allowed', [
    'Use an https URL (plain http is only allowed on this machine)',
  ]),
  REPOSITORY_ALREADY_SAVED: entry('validation', 409, 'Repository is already a registry source', [
    'The repository is already listed; nothing to add',
  ]),
  REPOSITORY_NOT_FOUND: entry('validation', 404, 'Repository not found', [
    'List saved repositories to see their exact URLs',
  ]),
  TIMEOUT: entry('network', 504, 'Operation timed out', ['Retry the operation'], true),
  PERMISSION_DENIED: entry('permission', 403, 'Permission denied', ['Check file and directory permissions']),
  FILE_PERMISSION_ERROR: entry('permission', 500, 'File permission error', ['Check file and directory permissions']),
  SYSTEM_ERROR: entry('system', 500, 'A system error occurred'),
  SERVICE_UNAVAILABLE: entry('system', 503, 'Service unavailable', ['Try again in a few seconds'], true),
  UI_NOT_BUILT: entry('system', 503, 'The web interface has not been built', [
    'Run npm run build',
    'Start Marquee with npm start, which builds it first',
  ]),
  SERVICE_NOT_INSTALLED: entry('system', 409, 'Marquee is not running as an installed service', [
    'Install Marquee with scripts/install-pi.sh to restart, reboot or shut down from here',
    'Started with npm start: stop it with Ctrl-C and start it again',
  ]),
  SYSTEM_ACTION_FAILED: entry('system', 500, 'The system action failed', [
    'Check that the installer wrote /etc/polkit-1/rules.d/50-marquee.rules and that polkitd is installed',
    'See journalctl -u marquee-web for the details',
  ]),
  BACKUP_INVALID: entry('validation', 422, 'The file is not a Marquee backup that can be restored', [
    "Choose a file made by Marquee's backup export",
    'Export the backup again: this one may be damaged',
  ]),
  BACKUP_UPLOAD_NOT_FOUND: entry('validation', 404, 'The uploaded backup is no longer kept', [
    'Upload the backup again',
  ]),
  UNKNOWN_ERROR: entry('unknown', 500, 'An unexpected error occurred', ['See the server log for details']),
} as const satisfies Record<string, CatalogueEntry>);

export type ErrorCode = keyof typeof ERRORS;
