# Every exported function is called in the \examples of an Rd page
# (tests/r.sh runs this on the package source).  Usage:
#   Rscript check_examples.R <package source directory>
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "."
ns <- parseNamespaceFile(basename(normalizePath(dir)), dirname(normalizePath(dir)))
examples <- unlist(lapply(list.files(file.path(dir, "man"), "\\.Rd$", full.names = TRUE), function(f) {
  rd <- tools::parse_Rd(f)
  ex <- rd[vapply(rd, function(e) identical(attr(e, "Rd_tag"), "\\examples"), NA)]
  if (length(ex)) paste(unlist(ex), collapse = "") else character()
}))
code <- paste(examples, collapse = "\n")
called <- vapply(ns$exports, function(f) grepl(paste0("(^|[^A-Za-z0-9_.])", gsub(".", "\\.", f, fixed = TRUE), "\\("),
                                               code, perl = TRUE), NA)
if (!all(called)) {
  cat("FAIL: exported functions no Rd example calls:", paste(ns$exports[!called], collapse = ", "), "\n")
  quit(status = 1)
}
cat("ok: all", length(called), "exported functions are called in Rd examples\n")
