// Prepares the single-page build of the book for printing (book_pdf.py evaluates it).
// Argument: {timeout, title, author, built, root, parts: [{caption, first}]}: `root` is the
// docname of the front page, `first` that of a part's first page. Returns what the page holds and what went wrong, and defines
// window.courseFillContents(pages) for the second print.
async ({timeout, title, author, built, root, parts}) => {
  const deadline = Date.now() + timeout;
  const out = {math: 0, images: 0, math_errors: [], broken_images: [], entries: []};
  const article = document.querySelector('article.bd-article') || document.body;

  // 1. Every image loaded, lazy ones included.
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete ? null : new Promise(resolve => {
    img.addEventListener('load', resolve, {once: true});
    img.addEventListener('error', resolve, {once: true});
    setTimeout(resolve, Math.max(0, deadline - Date.now()));
  })));
  out.images = images.length;
  out.broken_images = images.filter(img => !img.naturalWidth).map(img => img.currentSrc || img.src);

  // 2. Every formula typeset by MathJax (served by the book itself).
  const formulas = [...document.querySelectorAll('.math')];
  if (formulas.length) {
    while (!(window.MathJax && window.MathJax.startup && window.MathJax.startup.promise)) {
      if (Date.now() > deadline) { out.math_errors.push('MathJax did not start'); break; }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
      try { await window.MathJax.startup.promise; }
      catch (error) { out.math_errors.push(String(error)); }
    }
  }
  out.math = document.querySelectorAll('mjx-container').length;
  formulas.filter(node => !node.querySelector('mjx-container'))
    .forEach(node => out.math_errors.push('not typeset: ' + node.textContent.trim().slice(0, 80)));
  document.querySelectorAll('mjx-merror').forEach(node =>
    out.math_errors.push('TeX error: ' + (node.getAttribute('data-mjx-error') || node.textContent).slice(0, 120)));

  // 3. The solutions open (sphinx-togglebutton folds them on load).
  document.querySelectorAll('.toggle-hidden').forEach(node => node.classList.remove('toggle-hidden'));
  document.querySelectorAll('details:not(.above-input)').forEach(node => { node.open = true; });

  // 4. Parts: a heading before each part's first page.
  for (const part of parts) {
    const anchor = document.getElementById('document-' + part.first);
    if (!anchor) continue;
    const heading = document.createElement('div');
    heading.className = 'course-part';
    heading.textContent = part.caption;
    anchor.parentNode.insertBefore(heading, anchor);
  }

  // 5. The title page and the contents: each page's title and its sections, with a
  //    marker that the first print carries (book_pdf.marker_pages finds their pages).
  const front = document.createElement('div');
  front.className = 'course-front';
  front.innerHTML = '<div class="course-title-page"><h1></h1><p class="course-author"></p>' +
                    '<p class="course-built"></p></div>' +
                    '<nav class="course-contents"><h2>Contents</h2><ol></ol></nav>';
  front.querySelector('h1').textContent = title;
  front.querySelector('.course-author').textContent = author;
  front.querySelector('.course-built').textContent = built;
  const list = front.querySelector('ol');
  let k = 0;
  const entry = (heading, level, doc) => {
    const id = 'course-toc-' + (k++);
    const marker = document.createElement('span');
    marker.className = 'course-toc-marker';
    marker.textContent = '@@' + id + '@@';
    heading.insertBefore(marker, heading.firstChild);
    const text = [...heading.childNodes]
      .filter(node => !(node.classList && (node.classList.contains('headerlink') ||
                                            node.classList.contains('course-toc-marker'))))
      .map(node => node.textContent).join('').trim();
    const item = document.createElement('li');
    item.className = 'course-toc-level-' + level;
    const link = document.createElement('a');
    if (!heading.id) heading.id = id + '-target';
    link.href = '#' + heading.id;
    link.innerHTML = '<span class="course-toc-title"></span><span class="course-toc-page" data-marker="' +
                     id + '">000</span>';
    link.querySelector('.course-toc-title').textContent = text;
    item.appendChild(link);
    list.appendChild(item);
    out.entries.push({marker: id, title: text, level: level, doc: doc});
  };
  const top = article.querySelector(':scope > section');
  const topHeading = top && top.querySelector(':scope > h1');
  if (topHeading) {
    entry(topHeading, 1, root);
    for (const sub of top.querySelectorAll(':scope > section')) {
      const subheading = sub.querySelector(':scope > h2');
      if (subheading) entry(subheading, 2, root);
    }
  }
  for (const anchor of article.querySelectorAll('span[id^="document-"]')) {
    const doc = anchor.id.slice('document-'.length);
    const part = parts.find(p => p.first === doc);
    if (part) {
      const item = document.createElement('li');
      item.className = 'course-toc-part';
      item.textContent = part.caption;
      list.appendChild(item);
    }
    const section = anchor.nextElementSibling;
    if (!section || section.tagName !== 'SECTION') continue;
    const heading = section.querySelector(':scope > h1, :scope > h2, :scope > h3');
    if (!heading) continue;
    entry(heading, 1, doc);
    for (const sub of section.querySelectorAll(':scope > section')) {
      const subheading = sub.querySelector(':scope > h2, :scope > h3, :scope > h4');
      if (subheading) entry(subheading, 2, doc);
    }
  }
  article.insertBefore(front, article.firstChild);

  // 6. The second print: the contents' page numbers, no markers.
  //    The numbers are filled in with the markers kept (they take no room), printed and
  //    read again until they agree; then the markers go.
  window.courseFillContents = (pages) => {
    document.querySelectorAll('.course-toc-page').forEach(node => {
      node.textContent = String(pages[node.dataset.marker] || '');
    });
  };
  window.courseRemoveMarkers = () => {
    document.querySelectorAll('.course-toc-marker').forEach(node => node.remove());
  };
  return out;
}
