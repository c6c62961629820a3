"""The reviewer site: static Danish HTML with a flowchart per call type, and PDFs.

* :mod:`~flowrules.review.site.chart` builds the flowchart of one call type
  from the pack data; :mod:`~flowrules.review.site.questions` phrases its
  questions and answers; :mod:`~flowrules.review.site.svg` draws it with Graphviz;
* :mod:`~flowrules.review.site.views` prepares what the templates show;
* :mod:`~flowrules.review.site.build` writes the pages;
  :mod:`~flowrules.review.site.pdf` writes one PDF per pack version.

The templates, stylesheet and Danish labels (``labels.yaml``) ship in the
package. Needs the extra ``flowrules[site]`` and Debian's ``graphviz``.
"""
