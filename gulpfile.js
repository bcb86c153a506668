const path = require('path');
const { task, src, dest, parallel } = require('gulp');

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	src(credSource).pipe(dest(credDestination));

	const iconSource = path.resolve('icons', '*.{png,svg}');
	return src(iconSource).pipe(dest(path.resolve('dist', 'icons')));
}

/** Output schemas (npm run schemas) as n8n serves them from an installed package: dist/nodes/<Node>/__schema__/. */
function copySchemas() {
	return src(path.resolve('nodes', '**', '__schema__', '**', '*.json')).pipe(dest(path.resolve('dist', 'nodes')));
}

task('build:icons', parallel(copyIcons, copySchemas));
