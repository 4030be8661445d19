"""The application kit: a job file in, a tailored résumé, a cover letter in the same design and
a keyword report out (``cvbuilder apply``). Everything comes from the profile, offline: the
posting only ranks what the profile already says, it never adds text."""
