// A JavaScript stand-in for @vscode/spdlog, copied over that package's index.js in the test host's
// code-server (scripts/test-host/ensure.mjs). The real package is a C++ addon that only builds with
// make, a C++ compiler and Python; without it VS Code writes no log file at all, and an extension's
// Output channel (this extension's log, for one) stays empty, since the Node extension host writes
// every Output channel through it. This file keeps the part of its API VS Code uses: a logger per
// file, levels, the "%Y-%m-%d %H:%M:%S.%e [%l] %v" pattern or none, size-based rotation. Lines are
// appended synchronously, so a flush has nothing left to do and the file is complete when VS Code
// reads it back.
//
// What VS Code 1.139 calls (server-main.js, the extension host's and the pty host's bundles):
// setFlushOn(0); createAsyncRotatingLogger(name, file, size, count), 5 MB x 6 files or 30 MB x 1;
// then clearFormatters() (Output channels) or setPattern("%Y-%m-%d %H:%M:%S.%e [%l] %v"); on the
// logger setLevel(0..4 or 6), trace, debug, info, warn, error, flush and drop.
//
// Known gaps against the real package (src/main.cc, src/logger.cc), none of which VS Code 1.139
// reaches:
// - no stdout logger: `new Logger('stdout_async', name)` (any type but the two rotating ones)
//   writes to stdout in spdlog; here it fails, for there is no file name;
// - the module-level setLevel(level) only sets the level of loggers created afterwards; spdlog's
//   set_level also changes every existing logger;
// - a second logger with the name of a live one gets its own file and size count; spdlog's
//   registry hands back the existing logger (and its file) instead;
// - invalid arguments are accepted: setLevel/setFlushOn with a level outside 0..6 or not a number,
//   and a message that is not a string (written as String(message)), where spdlog throws.
'use strict';
const fs = require('fs');
const path = require('path');

const LEVEL_NAMES = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'];
const OFF = 6;
let defaultLevel = 2; // spdlog's default: info

const two = (n) => String(n).padStart(2, '0');
/** The few spdlog pattern flags VS Code uses; any other flag is written as it is. */
function format(pattern, name, level, message) {
  if (pattern === undefined) return message; // clearFormatters(): the message alone, no line end
  const date = new Date();
  const text = pattern.replace(/%([YmdHMSelnv%])/g, (_, flag) => {
    switch (flag) {
      case 'Y': return String(date.getFullYear());
      case 'm': return two(date.getMonth() + 1);
      case 'd': return two(date.getDate());
      case 'H': return two(date.getHours());
      case 'M': return two(date.getMinutes());
      case 'S': return two(date.getSeconds());
      case 'e': return String(date.getMilliseconds()).padStart(3, '0');
      case 'l': return LEVEL_NAMES[level];
      case 'n': return name;
      case 'v': return message;
      default: return '%';
    }
  });
  return `${text}\n`;
}

class Logger {
  constructor(loggerType, name, filename, filesize, filecount) {
    this.name = name;
    this.filename = filename;
    this.filesize = filesize;
    this.filecount = filecount;
    this.level = defaultLevel;
    this.pattern = '[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v'; // spdlog's default
    this.dropped = false;
    fs.mkdirSync(path.dirname(filename), { recursive: true });
    fs.appendFileSync(filename, '');
    this.size = fs.statSync(filename).size;
  }

  log(level, message) {
    if (this.dropped || level < this.level || this.level === OFF) return;
    const text = format(this.pattern, this.name, level, String(message));
    const bytes = Buffer.byteLength(text);
    // Logging never throws, as with spdlog (whose error handler takes a failed write or rotation):
    // a line that cannot be written, say because the log folder was deleted, is lost and the
    // caller, VS Code, goes on. A failed rotation leaves the size as it was, so the next line
    // tries again.
    try {
      // spdlog's rule (rotating_file_sink): rotate when the new size would exceed the limit and
      // the file is not empty; a line that exactly fills the file does not rotate.
      if (this.size > 0 && this.size + bytes > this.filesize) this.rotate();
      fs.appendFileSync(this.filename, text);
      this.size += bytes;
    } catch {
      // lost, as described above
    }
  }

  /** file -> file.1 -> file.2 ... keeping `filecount` old files, as spdlog's rotating sink does. */
  rotate() {
    const { dir, name, ext } = path.parse(this.filename);
    const numbered = (i) => (i === 0 ? this.filename : path.join(dir, `${name}.${i}${ext}`));
    try {
      for (let i = this.filecount; i > 0; i--) {
        if (fs.existsSync(numbered(i - 1))) fs.renameSync(numbered(i - 1), numbered(i));
      }
    } catch {
      // rotation is best effort; the current file is started again below either way
    }
    fs.writeFileSync(this.filename, '');
    this.size = 0;
  }

  trace(message) { this.log(0, message); }
  debug(message) { this.log(1, message); }
  info(message) { this.log(2, message); }
  warn(message) { this.log(3, message); }
  error(message) { this.log(4, message); }
  critical(message) { this.log(5, message); }
  getLevel() { return this.level; }
  setLevel(level) { this.level = level; }
  setPattern(pattern) { this.pattern = pattern; }
  clearFormatters() { this.pattern = undefined; }
  flush() { /* every line is already on disk */ }
  drop() { this.dropped = true; }
}

async function createLogger(loggerType, name, filename, filesize, filecount) {
  await fs.promises.mkdir(path.dirname(filename), { recursive: true });
  return new Logger(loggerType, name, filename, filesize, filecount);
}

// One assignment per name: VS Code loads this with import(), and Node gives an ES module import of
// a CommonJS file only the names it can see assigned this way (an object literal of arrow
// functions would leave nothing but `default`, and VS Code would log nothing at all).
module.exports.version = 11200; // what the native package reports: the spdlog it bundles, 1.12.0
module.exports.setLevel = (level) => { defaultLevel = level; };
module.exports.setFlushOn = () => { /* lines are written as they come */ };
module.exports.Logger = Logger;
module.exports.createRotatingLogger = (name, filename, filesize, filecount) => createLogger('rotating', name, filename, filesize, filecount);
module.exports.createAsyncRotatingLogger = (name, filename, filesize, filecount) => createLogger('rotating_async', name, filename, filesize, filecount);
