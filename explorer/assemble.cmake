# Builds the explorer's single page: the template page/index.html with the style sheet, Chart.js,
# the application, and the worker (the WebAssembly module followed by page/worker.js) inlined.
# Inlined text may not close its <script> element early: "</script" is written "<\/script",
# which reads the same inside JavaScript strings and regular expressions.
foreach(var PAGE_DIR MODULE CHARTJS OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "assemble.cmake: -D${var}=... is required")
  endif()
endforeach()

function(read_inlined path out)
  file(READ ${path} text)
  string(REPLACE "</script" "<\\/script" text "${text}")
  string(REPLACE "<!--" "<\\!--" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

file(READ ${PAGE_DIR}/index.html page)
file(READ ${PAGE_DIR}/style.css style)
read_inlined(${CHARTJS} chartjs)
read_inlined(${PAGE_DIR}/app.js app)
read_inlined(${MODULE} module)
read_inlined(${PAGE_DIR}/worker.js worker)
foreach(part style chartjs app)
  string(TOUPPER ${part} key)
  string(FIND "${page}" "/*@${key}@*/" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "assemble.cmake: page/index.html lacks /*@${key}@*/")
  endif()
  string(REPLACE "/*@${key}@*/" "${${part}}" page "${page}")
endforeach()
string(REPLACE "/*@WORKER@*/" "${module}\n${worker}" page "${page}")
file(WRITE ${OUT}.part "${page}")
file(RENAME ${OUT}.part ${OUT})
