// Monaco's editor worker (diffs, word ranges), self-hosted: the app makes no request off its origin.
import "monaco-editor/editor/editor.worker";
