/** Control characters (NUL among them) have no place in names or references, and JSON events cannot store NUL. */
export const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
