"""The notebook forms: thin views that bind the workshop model to ipywidgets.

Each step has one module with a ``show()`` that a notebook calls in its single code cell.
Rules live in the plain modules of ``gaptools``; these only display and edit.
"""
